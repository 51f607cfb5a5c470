"""charter terms added by moderators

Revision ID: b160fcdcba9e
Revises: 168b34cc2e1e
Create Date: 2026-12-03 15:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = 'b160fcdcba9e'
down_revision = '168b34cc2e1e'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('charter_terms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('term', sa.String(length=120), nullable=False),
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key')
    )


def downgrade():
    op.drop_table('charter_terms')

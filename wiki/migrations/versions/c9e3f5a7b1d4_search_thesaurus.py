"""search thesaurus: synonym groups and acronyms kept by moderators

Revision ID: c9e3f5a7b1d4
Revises: 1c1b9f3f5d95
Create Date: 2026-12-04 13:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = 'c9e3f5a7b1d4'
down_revision = "d0f4a6b8c2e5"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('thesaurus_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('acronym', sa.String(length=20), nullable=True),
    sa.Column('terms', sa.JSON(), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key')
    )
    op.create_table('thesaurus_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )


def downgrade():
    op.drop_table('thesaurus_state')
    op.drop_table('thesaurus_entries')

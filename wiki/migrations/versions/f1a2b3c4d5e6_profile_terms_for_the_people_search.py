"""profile terms: the analysed words of each profile field, for the people search

Revision ID: f1a2b3c4d5e6
Revises: c4d6e8f0a2b3
Create Date: 2026-12-03 09:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'f1a2b3c4d5e6'
down_revision = 'c4d6e8f0a2b3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'profile_terms',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('field', sa.String(length=20), nullable=False),
        sa.Column('term', sa.String(length=100), nullable=False),
        sa.Column('visibility', sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['profiles.user_id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', 'field', 'term'),
    )
    with op.batch_alter_table('profile_terms') as batch_op:
        batch_op.create_index('ix_profile_terms_term',
                              ['term', 'field', 'visibility', 'user_id'])


def downgrade():
    op.drop_table('profile_terms')

"""tags merged into another tag

Revision ID: d4e6f8a0b2c3
Revises: c3d5e7f9a1b2
Create Date: 2026-12-02 09:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'd4e6f8a0b2c3'
down_revision = 'c3d5e7f9a1b2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('tags') as batch_op:
        batch_op.add_column(sa.Column('merged_into_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_tags_merged_into', 'tags', ['merged_into_id'], ['id'],
                                    ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('tags') as batch_op:
        batch_op.drop_constraint('fk_tags_merged_into', type_='foreignkey')
        batch_op.drop_column('merged_into_id')

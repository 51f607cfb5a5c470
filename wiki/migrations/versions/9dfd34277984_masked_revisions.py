"""masked revisions: when, by whom and why a revision's content was masked

Revision ID: 9dfd34277984
Revises: b8d2f4a6c913
Create Date: 2026-12-03 15:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '9dfd34277984'
down_revision = 'b8d2f4a6c913'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('revisions') as batch_op:
        batch_op.add_column(sa.Column('masked_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('masked_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('masked_reason', sa.Text(), nullable=False,
                                      server_default=''))
        batch_op.create_foreign_key('fk_revisions_masked_by', 'users', ['masked_by_id'],
                                    ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('revisions') as batch_op:
        batch_op.drop_constraint('fk_revisions_masked_by', type_='foreignkey')
        batch_op.drop_column('masked_reason')
        batch_op.drop_column('masked_by_id')
        batch_op.drop_column('masked_at')

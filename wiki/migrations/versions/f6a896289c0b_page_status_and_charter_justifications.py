"""pages get a status (published or draft; existing pages are published) and the charter
justifications kept with the revisions

Revision ID: f6a896289c0b
Revises: b160fcdcba9e
Create Date: 2026-12-03 15:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = 'f6a896289c0b'
down_revision = 'b160fcdcba9e'
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN (SQLite accepts it with a default): rebuilding the pages table, as a
    # batch would, cannot drop it under the foreign keys of revisions and links.
    op.add_column('pages', sa.Column('status', sa.String(length=16), nullable=False,
                                     server_default='published'))
    op.create_index('ix_pages_status', 'pages', ['status'], unique=False)
    op.create_table('charter_justifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('page_id', sa.Integer(), nullable=False),
    sa.Column('revision_id', sa.Integer(), nullable=True),
    sa.Column('follow_up_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('text', sa.String(length=500), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['page_id'], ['pages.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['revision_id'], ['revisions.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['follow_up_id'], ['follow_ups.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('charter_justifications', schema=None) as batch_op:
        batch_op.create_index('ix_charter_justifications_page_id', ['page_id'], unique=False)
        batch_op.create_index('ix_charter_justifications_revision_id', ['revision_id'],
                              unique=False)
        batch_op.create_index('ix_charter_justifications_created_at', ['created_at'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('charter_justifications', schema=None) as batch_op:
        batch_op.drop_index('ix_charter_justifications_created_at')
        batch_op.drop_index('ix_charter_justifications_revision_id')
        batch_op.drop_index('ix_charter_justifications_page_id')
    op.drop_table('charter_justifications')
    op.drop_index('ix_pages_status', table_name='pages')
    op.drop_column('pages', 'status')  # SQLite 3.35+ drops a column without a rebuild

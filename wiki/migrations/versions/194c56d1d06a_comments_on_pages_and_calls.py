"""comments on pages and calls: one level of replies, edit and delete marks, moderation's mask

Revision ID: 194c56d1d06a
Revises: 9dfd34277984
Create Date: 2026-12-03 15:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = '194c56d1d06a'
down_revision = '9dfd34277984'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('page_id', sa.Integer(), nullable=True),
    sa.Column('call_id', sa.Integer(), nullable=True),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('html', sa.Text(), nullable=False),
    sa.Column('justifications', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('edited_at', sa.DateTime(), nullable=True),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('hidden_at', sa.DateTime(), nullable=True),
    sa.Column('hidden_by_id', sa.Integer(), nullable=True),
    sa.Column('hidden_reason', sa.Text(), nullable=False),
    sa.CheckConstraint('(page_id IS NULL) <> (call_id IS NULL)',
                       name='ck_comments_one_subject'),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['call_id'], ['calls.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['hidden_by_id'], ['users.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['page_id'], ['pages.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['parent_id'], ['comments.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.create_index('ix_comments_author_id', ['author_id'], unique=False)
        batch_op.create_index('ix_comments_parent_id', ['parent_id'], unique=False)
        batch_op.create_index('ix_comments_page_created', ['page_id', 'created_at'],
                              unique=False)
        batch_op.create_index('ix_comments_call_created', ['call_id', 'created_at'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_index('ix_comments_call_created')
        batch_op.drop_index('ix_comments_page_created')
        batch_op.drop_index('ix_comments_parent_id')
        batch_op.drop_index('ix_comments_author_id')
    op.drop_table('comments')

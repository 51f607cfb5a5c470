"""conversations between members, blocks, and calls to the network with their answers

Revision ID: c4d6e8f0a2b3
Revises: e0f1a2b3c4d5
Create Date: 2026-12-03 09:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c4d6e8f0a2b3'
down_revision = 'e0f1a2b3c4d5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'conversations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('subject', sa.String(length=200), nullable=False),
        sa.Column('started_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('last_message_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['started_by_id'], ['users.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('conversations') as batch_op:
        batch_op.create_index('ix_conversations_started_by_id', ['started_by_id'])
        batch_op.create_index('ix_conversations_created_at', ['created_at'])
    op.create_table(
        'conversation_participants',
        sa.Column('conversation_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('unread', sa.Integer(), nullable=False),
        sa.Column('last_read_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('conversation_id', 'user_id'),
    )
    with op.batch_alter_table('conversation_participants') as batch_op:
        batch_op.create_index('ix_conversation_participants_user_id', ['user_id'])
    op.create_table(
        'messages',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('conversation_id', sa.Integer(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('html', sa.Text(), nullable=False),
        sa.Column('withheld', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['author_id'], ['users.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('messages') as batch_op:
        batch_op.create_index('ix_messages_author_id', ['author_id'])
        batch_op.create_index('ix_messages_conversation_id_id', ['conversation_id', 'id'])
    op.create_table(
        'member_blocks',
        sa.Column('blocker_id', sa.Integer(), nullable=False),
        sa.Column('blocked_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['blocker_id'], ['users.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['blocked_id'], ['users.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('blocker_id', 'blocked_id'),
    )
    with op.batch_alter_table('member_blocks') as batch_op:
        batch_op.create_index('ix_member_blocks_blocked_id', ['blocked_id'])
    op.create_table(
        'calls',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('html', sa.Text(), nullable=False),
        sa.Column('departement', sa.String(length=3), nullable=True),
        sa.Column('state', sa.String(length=10), nullable=False),
        sa.Column('search_terms', sa.Text(), nullable=False),
        sa.Column('notified', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('resolved_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['author_id'], ['users.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('calls') as batch_op:
        batch_op.create_index('ix_calls_author_id', ['author_id'])
        batch_op.create_index('ix_calls_departement', ['departement'])
        batch_op.create_index('ix_calls_state_created', ['state', 'created_at'])
    op.create_table(
        'call_tags',
        sa.Column('call_id', sa.Integer(), nullable=False),
        sa.Column('tag_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['call_id'], ['calls.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['tag_id'], ['tags.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('call_id', 'tag_id'),
    )
    with op.batch_alter_table('call_tags') as batch_op:
        batch_op.create_index('ix_call_tags_tag_id', ['tag_id'])
    op.create_table(
        'call_answers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('call_id', sa.Integer(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('html', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['call_id'], ['calls.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['author_id'], ['users.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('call_answers') as batch_op:
        batch_op.create_index('ix_call_answers_call_id', ['call_id'])
        batch_op.create_index('ix_call_answers_author_id', ['author_id'])


def downgrade():
    op.drop_table('call_answers')
    op.drop_table('call_tags')
    op.drop_table('calls')
    op.drop_table('member_blocks')
    op.drop_table('messages')
    op.drop_table('conversation_participants')
    op.drop_table('conversations')

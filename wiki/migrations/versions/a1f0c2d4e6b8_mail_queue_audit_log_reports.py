"""mail queue and opt-outs, audit log, reports

Revision ID: a1f0c2d4e6b8
Revises: d53f1d25388e
Create Date: 2026-12-02 06:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'a1f0c2d4e6b8'
down_revision = 'd53f1d25388e'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'outgoing_mails',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('recipient_id', sa.Integer(), nullable=True),
        sa.Column('to_address', sa.String(length=254), nullable=False),
        sa.Column('template', sa.String(length=80), nullable=False),
        sa.Column('category', sa.String(length=40), nullable=False),
        sa.Column('subject', sa.String(length=300), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('html', sa.Text(), nullable=False),
        sa.Column('headers', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('next_attempt_at', sa.DateTime(), nullable=False),
        sa.Column('claimed_until', sa.DateTime(), nullable=True),
        sa.Column('sent_at', sa.DateTime(), nullable=True),
        sa.Column('failed_at', sa.DateTime(), nullable=True),
        sa.Column('last_error', sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(['recipient_id'], ['users.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('outgoing_mails') as batch_op:
        batch_op.create_index('ix_outgoing_mails_recipient_id', ['recipient_id'])
        batch_op.create_index('ix_outgoing_mails_pending', ['sent_at', 'next_attempt_at'])

    op.create_table(
        'mail_opt_outs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('category', sa.String(length=40), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('user_id', 'category'),
    )

    op.create_table(
        'audit_log',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('actor_name', sa.String(length=120), nullable=False),
        sa.Column('action', sa.String(length=60), nullable=False),
        sa.Column('target', sa.String(length=300), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('details', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['actor_id'], ['users.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('audit_log') as batch_op:
        batch_op.create_index('ix_audit_log_action', ['action'])
        batch_op.create_index('ix_audit_log_created_at', ['created_at'])
        batch_op.create_index('ix_audit_log_target', ['target'])

    op.create_table(
        'reports',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('reporter_id', sa.Integer(), nullable=True),
        sa.Column('target', sa.String(length=300), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('handled_by_id', sa.Integer(), nullable=True),
        sa.Column('handled_at', sa.DateTime(), nullable=True),
        sa.Column('resolution', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['reporter_id'], ['users.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['handled_by_id'], ['users.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('reports') as batch_op:
        batch_op.create_index('ix_reports_reporter_id', ['reporter_id'])
        batch_op.create_index('ix_reports_target', ['target'])
        batch_op.create_index('ix_reports_status_created', ['status', 'created_at'])


def downgrade():
    op.drop_table('reports')
    op.drop_table('audit_log')
    op.drop_table('mail_opt_outs')
    op.drop_table('outgoing_mails')

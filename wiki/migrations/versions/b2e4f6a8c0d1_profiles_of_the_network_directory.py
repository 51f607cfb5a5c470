"""profiles of the network directory, with their expertise tags

Revision ID: b2e4f6a8c0d1
Revises: a1f0c2d4e6b8
Create Date: 2026-12-02 07:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'b2e4f6a8c0d1'
down_revision = 'a1f0c2d4e6b8'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'profiles',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('profession', sa.String(length=120), nullable=False),
        sa.Column('organisation', sa.String(length=200), nullable=False),
        sa.Column('sectors', sa.JSON(), nullable=False),
        sa.Column('territory', sa.String(length=200), nullable=False),
        sa.Column('departement', sa.String(length=3), nullable=True),
        sa.Column('presentation', sa.Text(), nullable=False),
        sa.Column('presentation_html', sa.Text(), nullable=False),
        sa.Column('looking_for', sa.Text(), nullable=False),
        sa.Column('in_directory', sa.Boolean(), nullable=False),
        sa.Column('accepts_contact', sa.String(length=10), nullable=False),
        sa.Column('field_visibility', sa.JSON(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id'),
    )
    with op.batch_alter_table('profiles') as batch_op:
        batch_op.create_index('ix_profiles_departement', ['departement'])
        batch_op.create_index('ix_profiles_in_directory', ['in_directory'])
    op.create_table(
        'profile_expertise',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('tag_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['profiles.user_id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['tag_id'], ['tags.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', 'tag_id'),
    )
    with op.batch_alter_table('profile_expertise') as batch_op:
        batch_op.create_index('ix_profile_expertise_tag_id', ['tag_id'])


def downgrade():
    op.drop_table('profile_expertise')
    op.drop_table('profiles')

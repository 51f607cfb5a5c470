"""the lifecycle of an innovation sheet: its dated stages, and the current one on pages

Revision ID: a7c1e3f5b9d2
Revises: 1c1b9f3f5d95
Create Date: 2026-12-04 13:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = 'a7c1e3f5b9d2'
down_revision = '1c1b9f3f5d95'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('innovation_stages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('page_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.String(length=20), nullable=False),
    sa.Column('since', sa.Date(), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['page_id'], ['pages.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_innovation_stages_page_since', 'innovation_stages',
                    ['page_id', 'since'], unique=False)
    # A plain ADD COLUMN, no foreign key: SQLite adds it in place (no rebuild of pages).
    op.add_column('pages', sa.Column('stage', sa.String(length=20), nullable=True))
    op.create_index(op.f('ix_pages_stage'), 'pages', ['stage'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_pages_stage'), table_name='pages')
    op.drop_column('pages', 'stage')
    op.drop_index('ix_innovation_stages_page_since', table_name='innovation_stages')
    op.drop_table('innovation_stages')

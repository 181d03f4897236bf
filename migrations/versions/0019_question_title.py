"""question title: a short name for the bank list and the review screens

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-08 02:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN (batch mode would rebuild the table every other table points at).
    # Empty means "call it by its text's first words"; the next bank sync titles the
    # generated questions from their facts.
    op.add_column(
        'question',
        sa.Column('title', sa.String(length=120), nullable=False, server_default=''),
    )


def downgrade():
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.drop_column('title')

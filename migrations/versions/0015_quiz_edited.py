"""quiz edited: a built-in quiz an instructor changed keeps its draw settings on sync

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04 19:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN: batch mode would rebuild the table, which SQLite refuses while
    # attempts point at its rows. Every quiz so far counts as not edited.
    op.add_column(
        'quiz', sa.Column('edited', sa.Boolean(), server_default=sa.false(), nullable=False)
    )


def downgrade():
    with op.batch_alter_table('quiz', schema=None) as batch_op:
        batch_op.drop_column('edited')

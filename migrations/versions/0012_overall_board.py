"""the overall board counts only the quizzes everyone may see

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04 19:00:00

No data moves: the first read of the overall board finds no OverallBoard row and sums the
entries again over the quizzes it counts (quizapp.leaderboard.overall).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('overall_board',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('quiz_ids', sa.Text(), nullable=False),
    sa.Column('summed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_overall_board'))
    )


def downgrade():
    op.drop_table('overall_board')

"""report outcome: a learner report is dismissed or sends its question back to review

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 23:59:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN (nullable: open reports have no outcome yet), so SQLite need not
    # rebuild a table that others point at. Every report resolved so far sent its question
    # back to review: that was the only way to resolve one.
    op.add_column('question_report', sa.Column('outcome', sa.String(length=20), nullable=True))
    op.execute(
        "UPDATE question_report SET outcome = 'review' WHERE resolved_at IS NOT NULL"
    )


def downgrade():
    with op.batch_alter_table('question_report', schema=None) as batch_op:
        batch_op.drop_column('outcome')

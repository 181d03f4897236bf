"""exam pool quizzes; open attempts end at their quiz's close

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 18:40:00

The built-in Full test becomes an exam pool (built-in quizzes are created once and never
overwritten by `bank sync`, so an existing one is changed here). Attempts already open when this
runs get the deadline the close now sets: the earlier of their time limit and the close.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN: batch mode would rebuild the table, which SQLite refuses while
    # attempts refer to its quizzes.
    op.add_column(
        'quiz', sa.Column('exam_pool', sa.Boolean(), server_default=sa.false(), nullable=False)
    )
    quiz = sa.table(
        'quiz',
        sa.column('id', sa.Integer()),
        sa.column('slug', sa.String()),
        sa.column('builtin', sa.Boolean()),
        sa.column('exam_pool', sa.Boolean()),
        sa.column('closes_at', sa.DateTime(timezone=True)),
    )
    attempt = sa.table(
        'attempt',
        sa.column('quiz_id', sa.Integer()),
        sa.column('deadline', sa.DateTime(timezone=True)),
        sa.column('finished_at', sa.DateTime(timezone=True)),
    )
    op.execute(
        quiz.update()
        .where(quiz.c.builtin == sa.true(), quiz.c.slug == 'full-test')
        .values(exam_pool=sa.true())
    )
    closes = (
        sa.select(quiz.c.closes_at).where(quiz.c.id == attempt.c.quiz_id).scalar_subquery()
    )
    op.execute(
        attempt.update()
        .where(
            attempt.c.finished_at.is_(None),
            closes.is_not(None),
            sa.or_(attempt.c.deadline.is_(None), attempt.c.deadline > closes),
        )
        .values(deadline=closes)
    )


def downgrade():
    with op.batch_alter_table('quiz', schema=None) as batch_op:
        batch_op.drop_column('exam_pool')

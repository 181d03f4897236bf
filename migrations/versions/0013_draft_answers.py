"""drafts: choices made but not yet checked in immediate-feedback attempts

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04 19:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('draft_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.String(length=200), nullable=False),
    sa.Column('response', sa.JSON(), nullable=False),
    sa.Column('saved_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['attempt_id'], ['attempt.id'], name=op.f('fk_draft_answer_attempt_id_attempt')),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_draft_answer_question_id_question')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_draft_answer')),
    sa.UniqueConstraint('attempt_id', 'question_id', name=op.f('uq_draft_answer_attempt_id'))
    )
    with op.batch_alter_table('draft_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_draft_answer_attempt_id'), ['attempt_id'], unique=False)


def downgrade():
    with op.batch_alter_table('draft_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_draft_answer_attempt_id'))
    op.drop_table('draft_answer')

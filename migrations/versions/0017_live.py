"""live: sessions a teacher hosts with a six-digit code, their players and their answers

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 23:34:28.436131

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('live_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=6), nullable=True),
    sa.Column('host_id', sa.Integer(), nullable=False),
    sa.Column('quiz_id', sa.Integer(), nullable=False),
    sa.Column('classroom_id', sa.Integer(), nullable=True),
    sa.Column('question_ids', sa.JSON(), nullable=False),
    sa.Column('seed', sa.Integer(), nullable=False),
    sa.Column('timer_seconds', sa.Integer(), nullable=True),
    sa.Column('speed_bonus', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('locked', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('phase', sa.String(length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('question_started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('deadline', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['classroom_id'], ['classroom.id'], name=op.f('fk_live_session_classroom_id_classroom')),
    sa.ForeignKeyConstraint(['host_id'], ['user.id'], name=op.f('fk_live_session_host_id_user')),
    sa.ForeignKeyConstraint(['quiz_id'], ['quiz.id'], name=op.f('fk_live_session_quiz_id_quiz')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_live_session')),
    sa.UniqueConstraint('code', name=op.f('uq_live_session_code'))
    )
    with op.batch_alter_table('live_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_live_session_classroom_id'), ['classroom_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_live_session_host_id'), ['host_id'], unique=False)

    op.create_table('live_player',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('name_key', sa.String(length=255), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=True),
    sa.Column('removed', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('joined_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['live_session.id'], name=op.f('fk_live_player_session_id_live_session')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_live_player_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_live_player')),
    sa.UniqueConstraint('session_id', 'name_key', name='uq_live_player_session_name'),
    sa.UniqueConstraint('session_id', 'user_id', name='uq_live_player_session_user'),
    sa.UniqueConstraint('token_hash', name=op.f('uq_live_player_token_hash'))
    )
    with op.batch_alter_table('live_player', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_live_player_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_live_player_user_id'), ['user_id'], unique=False)

    op.create_table('live_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('player_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.String(length=200), nullable=False),
    sa.Column('response', sa.JSON(), nullable=False),
    sa.Column('score', sa.Double(), nullable=False),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.Column('elapsed_ms', sa.Integer(), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['player_id'], ['live_player.id'], name=op.f('fk_live_answer_player_id_live_player')),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_live_answer_question_id_question')),
    sa.ForeignKeyConstraint(['session_id'], ['live_session.id'], name=op.f('fk_live_answer_session_id_live_session')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_live_answer')),
    sa.UniqueConstraint('player_id', 'position', name=op.f('uq_live_answer_player_id'))
    )
    with op.batch_alter_table('live_answer', schema=None) as batch_op:
        batch_op.create_index('ix_live_answer_session_position', ['session_id', 'position'], unique=False)



def downgrade():
    with op.batch_alter_table('live_answer', schema=None) as batch_op:
        batch_op.drop_index('ix_live_answer_session_position')

    op.drop_table('live_answer')
    with op.batch_alter_table('live_player', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_live_player_user_id'))
        batch_op.drop_index(batch_op.f('ix_live_player_session_id'))

    op.drop_table('live_player')
    with op.batch_alter_table('live_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_live_session_host_id'))
        batch_op.drop_index(batch_op.f('ix_live_session_classroom_id'))

    op.drop_table('live_session')

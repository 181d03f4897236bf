"""classes: classrooms joined with a code, their members, and quizzes assigned with windows

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04 19:25:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('classroom',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('instructor_id', sa.Integer(), nullable=False),
    sa.Column('join_code', sa.String(length=16), nullable=False),
    sa.Column('code_expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['instructor_id'], ['user.id'], name=op.f('fk_classroom_instructor_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_classroom')),
    sa.UniqueConstraint('join_code', name=op.f('uq_classroom_join_code'))
    )
    with op.batch_alter_table('classroom', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_classroom_instructor_id'), ['instructor_id'], unique=False)

    op.create_table('class_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('classroom_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('joined_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['classroom_id'], ['classroom.id'], name=op.f('fk_class_member_classroom_id_classroom')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_class_member_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_class_member')),
    sa.UniqueConstraint('classroom_id', 'user_id', name=op.f('uq_class_member_classroom_id'))
    )
    with op.batch_alter_table('class_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_class_member_classroom_id'), ['classroom_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_class_member_user_id'), ['user_id'], unique=False)

    op.create_table('assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('classroom_id', sa.Integer(), nullable=False),
    sa.Column('quiz_id', sa.Integer(), nullable=False),
    sa.Column('opens_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closes_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['classroom_id'], ['classroom.id'], name=op.f('fk_assignment_classroom_id_classroom')),
    sa.ForeignKeyConstraint(['quiz_id'], ['quiz.id'], name=op.f('fk_assignment_quiz_id_quiz')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assignment')),
    sa.UniqueConstraint('classroom_id', 'quiz_id', name=op.f('uq_assignment_classroom_id'))
    )
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assignment_classroom_id'), ['classroom_id'], unique=False)

    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.add_column(sa.Column('assignment_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_attempt_assignment_id'), ['assignment_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_attempt_assignment_id_assignment'), 'assignment', ['assignment_id'], ['id'])


def downgrade():
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_attempt_assignment_id_assignment'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_attempt_assignment_id'))
        batch_op.drop_column('assignment_id')
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assignment_classroom_id'))
    op.drop_table('assignment')
    with op.batch_alter_table('class_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_class_member_user_id'))
        batch_op.drop_index(batch_op.f('ix_class_member_classroom_id'))
    op.drop_table('class_member')
    with op.batch_alter_table('classroom', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_classroom_instructor_id'))
    op.drop_table('classroom')

"""question image: cleaned images shown in questions, named by their SHA-256

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-08 02:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
# Chained on 0019 (question titles), which landed first.
revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'question_image',
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('content_type', sa.String(length=20), nullable=False),
        sa.Column('width', sa.Integer(), nullable=False),
        sa.Column('height', sa.Integer(), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.Column('uploader_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['uploader_id'], ['user.id'], name=op.f('fk_question_image_uploader_id_user')
        ),
        sa.PrimaryKeyConstraint('sha256', name=op.f('pk_question_image')),
    )


def downgrade():
    op.drop_table('question_image')

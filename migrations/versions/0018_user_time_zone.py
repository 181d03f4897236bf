"""user time zone: the zone an account reads and types dates in

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 23:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
# Chained on 0017 (live), main's head when this branch was rebased.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN (batch mode would rebuild the table every other table points at);
    # no zone means UTC, as before.
    op.add_column('user', sa.Column('time_zone', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('time_zone')

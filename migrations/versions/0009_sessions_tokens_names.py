"""login sessions kept on the server, token expiry, unique public names

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 18:13:02.042403

Existing tokens expire 30 days after they were made (the default lifetime). Existing public
names that read alike get " (2)", " (3)" ... so the unique keys can hold: display names
first, the oldest account keeping its own, then pseudonyms. Sessions from before this
migration are logged out (they carry no key).
"""
import re
import unicodedata
from datetime import timedelta

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

KEY_MAX = 255


def _key(text):
    """quizapp.core.text.name_key as of this migration (copied: a migration must not change)."""
    from confusable_homoglyphs import confusables

    def visible(t):
        t = unicodedata.normalize("NFKC", t)
        return "".join(c for c in t if unicodedata.category(c) not in ("Cc", "Cf"))

    def as_latin(c):
        if not unicodedata.category(c).startswith("L") or unicodedata.name(c, "").startswith("LATIN"):
            return c
        found = confusables.is_confusable(c, preferred_aliases=["latin"], greedy=True)
        if not found:
            return c
        latin = [h["c"] for h in found[0]["homoglyphs"] if h["n"].startswith("LATIN")]
        return latin[0] if latin and len(latin[0]) == 1 else c

    look_alikes = str.maketrans({"I": "l", "1": "l", "|": "l", "0": "O"})

    def step(t):
        latin = "".join(as_latin(c) for c in visible(t)).translate(look_alikes)
        return re.sub(r"\s+", " ", visible(visible(latin).casefold())).strip()

    key = step(text)
    for _ in range(4):
        again = step(key)
        if again == key:
            break
        key = again
    return key[:KEY_MAX]


def _unique_names(conn):
    """Fill display_key and pseudonym_key, renaming later accounts whose names read alike."""
    users = sa.table(
        "user",
        sa.column("id", sa.Integer),
        sa.column("display_name", sa.String),
        sa.column("pseudonym", sa.String),
        sa.column("display_key", sa.String),
        sa.column("pseudonym_key", sa.String),
    )
    taken = set()

    def claim(name):
        base, n = name, 1
        while _key(name) in taken:
            n += 1
            name = f"{base[:60 - len(f' ({n})')]} ({n})"
        taken.add(_key(name))
        return name

    rows = conn.execute(sa.select(users.c.id, users.c.display_name, users.c.pseudonym)
                        .order_by(users.c.id)).all()
    # Display names first, oldest account first; then pseudonyms, which yield to them.
    display_names = {user_id: claim(display_name) for user_id, display_name, _ in rows}
    for user_id, _, pseudonym in rows:
        display_name = display_names[user_id]
        if pseudonym and _key(pseudonym) != _key(display_name):
            pseudonym = claim(pseudonym)
        conn.execute(
            users.update().where(users.c.id == user_id).values(
                display_name=display_name,
                pseudonym=pseudonym,
                display_key=_key(display_name),
                pseudonym_key=_key(pseudonym) if pseudonym else None,
            )
        )


def _token_expiry(conn):
    """Existing tokens: 30 days from their creation."""
    tokens = sa.table(
        "api_token",
        sa.column("id", sa.Integer),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("expires_at", sa.DateTime(timezone=True)),
    )
    for token_id, created_at in conn.execute(sa.select(tokens.c.id, tokens.c.created_at)).all():
        conn.execute(tokens.update().where(tokens.c.id == token_id)
                     .values(expires_at=created_at + timedelta(days=30)))


def upgrade():
    op.create_table('login_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_login_session_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_session')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_login_session_key_hash'))
    )
    with op.batch_alter_table('login_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_session_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('display_key', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('pseudonym_key', sa.String(length=255), nullable=True))

    conn = op.get_bind()
    _token_expiry(conn)
    _unique_names(conn)

    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.alter_column('expires_at', existing_type=sa.DateTime(timezone=True),
                              nullable=False)
    # Unique indexes, not constraints: SQLite adds them without rebuilding the user table.
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_display_key'), ['display_key'], unique=True)
        batch_op.create_index(batch_op.f('ix_user_pseudonym_key'), ['pseudonym_key'], unique=True)


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_pseudonym_key'))
        batch_op.drop_index(batch_op.f('ix_user_display_key'))
    # Plain ALTER TABLE DROP COLUMN (SQLite 3.35+): a batch rebuild of the user table would
    # break the foreign keys that point at it.
    op.drop_column('user', 'pseudonym_key')
    op.drop_column('user', 'display_key')

    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_column('expires_at')

    with op.batch_alter_table('login_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_session_user_id'))

    op.drop_table('login_session')

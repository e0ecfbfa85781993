"""The PostgreSQL backend (`pip install 'detente[postgres]'`): the Store interface on psycopg 3,
for a store that several people read while feeds write; its tables are composed from the parts here."""

from detente.store.postgres.schema import migrations
from detente.store.postgres.store import PostgresStore

__all__ = ["PostgresStore", "migrations"]

"""The population register's legacy database (a 1990s schema) and its seeder.

There is no server process of our own: the database is a SQLite file
(`<data-dir>/registry.sqlite`) or a PostgreSQL database given by `DATABASE_URL`.
"""

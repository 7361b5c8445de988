"""Run as a separate process: `python lock_holder.py DB SECONDS` holds the history's write lock
(`BEGIN IMMEDIATE`) and prints "locked"; it commits when a line arrives on stdin or after SECONDS,
whichever comes first, then prints "released"."""

import select
import sqlite3
import sys

conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
select.select([sys.stdin], [], [], float(sys.argv[2]))
conn.execute("COMMIT")
conn.close()
print("released", flush=True)

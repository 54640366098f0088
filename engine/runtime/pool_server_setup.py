"""Imported by the pool's fork server, and only there, before anything it forks.

multiprocessing's fork server records its signal handlers after importing its preload
and gives them back to each child it forks; see `jobzone.engine.runtime.pool_quiet` for what is
settled.
"""

from jobzone.engine.runtime import pool_quiet

pool_quiet.install()

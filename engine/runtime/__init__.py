"""Running work: the bulk runner, its process pool, Ctrl-C, atomic outputs and locks.

`runner` sends plain-data items to an in-process loop, a local process pool or a Dask
cluster; `pool_server` and `pool_server_setup`/`pool_quiet` are how pool workers are
born; `deferred_interrupts` holds Ctrl-C back while the pool's locks are held; `atomic`
and `output_lock` write outputs whole. Knows nothing of workbooks or the method: imports
only the standard library and `rich` (progress).
"""

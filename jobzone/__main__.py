"""`python -m jobzone` runs the jobzone command line."""

from jobzone.engine.cli.app import main

main()

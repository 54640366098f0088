"""`python -m jobzone` runs the jobzone command line."""

from jobzone.engine.cli.start import main

main()

"""`python -m engine` runs the jobzone command line."""

from engine.cli import main

main()

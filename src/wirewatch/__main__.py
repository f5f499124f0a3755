"""`python -m wirewatch`: the command line."""

from .cli import main

main()

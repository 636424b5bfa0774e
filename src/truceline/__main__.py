"""``python -m truceline``."""

from truceline.cli import main

main()

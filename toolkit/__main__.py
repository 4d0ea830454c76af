"""`python -m toolkit` runs the `sendkit` command."""

from .cli import main

main(prog_name="sendkit")

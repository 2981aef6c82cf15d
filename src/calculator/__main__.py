"""``python -m calculator`` runs the calc command."""

from .cli import run

run()

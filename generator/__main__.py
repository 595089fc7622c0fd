"""`python -m generator` (installed: `python -m sdk_pipeline`)."""

from .cli import main

main(f"python -m {__package__}")

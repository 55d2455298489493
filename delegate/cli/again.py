"""`--again`: add what the folder already has (by name or text), when that is really meant."""

from __future__ import annotations

import click

again_option = click.option(
    "--again",
    is_flag=True,
    help="Add it even though one with that name (or text) is already here.",
)

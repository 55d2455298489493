"""The `delegate` command."""

def main() -> None:
    raise SystemExit(0)

"""Use cases shared by the CLI and the TUI: plain functions that take the store and return records."""

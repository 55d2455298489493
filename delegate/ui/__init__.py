"""The Textual terminal app. Screens ask the store and the services; they never open files."""

"""The `edition` command: validate, text, emendations, build, publish, serve."""

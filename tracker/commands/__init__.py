"""One module per noun; each builds a Typer sub-app or registers verbs."""

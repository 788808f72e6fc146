"""Rendering: a plain context built from the models, formatted by Jinja templates."""

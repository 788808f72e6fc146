"""Typed models of each kind of data file."""

"""vrptool: a Violence Reduction Partnership's governance data as validated YAML."""

__version__ = "0.1.0"

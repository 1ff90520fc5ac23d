"""Bundled data of finlit (see data/README.md); found with importlib.resources."""

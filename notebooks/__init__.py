"""Notebooks shipped with finlit (the briefing); found with importlib.resources."""

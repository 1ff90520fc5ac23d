"""Notebooks shipped with finlit (the briefing, the learning notebooks 01–13 and the workshop);
found with importlib.resources."""

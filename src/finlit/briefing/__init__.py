"""Briefings: the briefing notebook executed with papermill and exported to offline HTML.

- `brief(target, out=…)`: one briefing (parameters checked first, atomic writes);
- `run_batch(config, jobs=…)`: many, from a TOML file, in parallel processes;
- `content.Briefing`: what the notebook shows, section by section.
"""
from .runner import BriefingError, BriefingResult, brief

__all__ = ["BriefingError", "BriefingResult", "brief"]

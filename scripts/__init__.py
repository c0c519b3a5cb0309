"""Maintenance scripts, run from the repository's root as modules (`python -m scripts.untranslated`)."""

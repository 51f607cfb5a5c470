"""The search benchmark: a synthetic French corpus (corpus.py) and its runner (run.py)."""

"""Sphinx documents Django's typed signals like any other (tests/django/test_docs.py)."""

extensions = ["sphinx_ext"]
project = "Django's typed signals"

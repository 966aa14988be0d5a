"""A one-file Django project with a typed post_save receiver: ``python -m django_demo``."""

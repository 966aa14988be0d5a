"""An app with a signals and a receivers module, installed only by test_app_config."""

imported: list[str] = []
"""Each of the app's modules appends its name when it is imported."""

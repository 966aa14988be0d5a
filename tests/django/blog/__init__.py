"""The app the contrib.django tests use: articles with tags, books."""

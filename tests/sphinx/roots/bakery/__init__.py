"""A bakery: the package the Sphinx extension's tests document."""

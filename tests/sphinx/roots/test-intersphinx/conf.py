extensions = ["sphinx_ext", "sphinx.ext.intersphinx"]
nitpicky = True

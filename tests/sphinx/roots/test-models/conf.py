extensions = ["sphinx_ext"]
nitpicky = True

extensions = ["sphinx_ext"]
nitpicky = True
typedsignals_receiver_modules = ["bakery.receivers"]
autodoc_default_options = {"exclude-members": "model_config"}

extensions = ["sphinx_ext"]
nitpicky = True
typedsignals_receiver_modules = ["bakery.receivers"]

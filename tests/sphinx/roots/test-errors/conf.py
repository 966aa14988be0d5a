extensions = ["sphinx_ext"]
typedsignals_receiver_modules = ["bakery.missing"]

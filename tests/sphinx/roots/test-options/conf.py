extensions = ["sphinx_ext"]
typedsignals_receiver_modules = ["bakery.receivers"]
typedsignals_show_json_schema = True
typedsignals_show_receivers = False
typedsignals_show_arguments = False

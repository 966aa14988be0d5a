extensions = ["sphinx_ext"]
typedsignals_receiver_modules = ["bakery.receivers"]
typedsignals_show_json_schema = True
typedsignals_show_receivers = False
typedsignals_show_arguments = False


def mark_signal_docs(app, what, name, obj, options, lines):
    if what == "signal":
        lines.append(f"Processed as a {what}: {name}.")


def setup(app):
    app.connect("autodoc-process-docstring", mark_signal_docs)

"""The pizzeria: a small app whose store announces its pizzas through typed signals.

``store`` bakes, ``signals`` declares what it announces, ``kitchen`` and ``delivery`` receive.
Run ``python -m pizzeria`` from ``examples/`` (or ``make demo``).
"""

"""The pizzeria example, as `make demo` runs it."""

from __future__ import annotations

from tests.examples import EXAMPLES, run_example


def test_demo_output() -> None:
    result = run_example("-m", "pizzeria")
    assert result.stdout == (
        "== a valid order: what each receiver answered\n"
        "  order_placed     log_event       -> order 7: order_placed\n"
        "  pizza_done       box_it          -> boxed a 30 cm pizza with ham\n"
        "  pizza_done       log_event       -> order 7: pizza_done\n"
        "  pizza_delivered  ask_for_review  -> asked order 7 for a review after 12.5 minutes\n"
        "\n"
        "== coercion: size='32' arrives as the int 32\n"
        "  box_it          -> boxed a 32 cm pizza with nothing\n"
        "  log_event       -> order 8: pizza_done\n"
        "\n"
        "== a bad payload: no receiver runs, and the error says why\n"
        "invalid payload for signal 'pizzeria.signals.pizza_done' (PizzaDone): 2 errors\n"
        "  size: Input should be greater than 0 [input=-1]\n"
        "  sise: unknown field (PizzaDone has: order_id, toppings, size); did you mean 'size'?\n"
    )
    assert result.stderr == ""


def test_readme_example_runs_as_written() -> None:
    readme = (EXAMPLES.parent / "README.md").read_text()
    code = readme.split("```python\n", 1)[1].split("```", 1)[0]
    result = run_example("-c", code)
    lines = result.stdout.splitlines()
    assert lines[0].startswith("[(<function box_it at 0x")
    assert lines[0].endswith(">, 'boxed a 32 cm pizza with ham')]")
    assert lines[1:] == [
        "invalid payload for signal '__main__.pizza_done' (PizzaDone): 2 errors",
        "  size: Input should be greater than 0 [input=-1]",
        "  sise: unknown field (PizzaDone has: toppings, size); did you mean 'size'?",
    ]

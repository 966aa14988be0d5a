"""The pizzeria demo: valid payloads reach the receivers; a bad one is refused, with reasons."""

from __future__ import annotations

from pizzeria import delivery, kitchen  # noqa: F401  (importing connects their receivers)
from pizzeria.orders import take_order
from pizzeria.signals import pizza_done
from pizzeria.store import PizzaStore
from typedsignals import PayloadError


def main() -> None:
    print("== a valid order: what each receiver answered")
    for signal, responses in take_order(order_id=7, customer="Ada", toppings=["ham"]):
        for receiver, response in responses:
            print(f"  {signal.name:<16} {receiver.__qualname__:<15} -> {response}")

    # The two sends below are wrong on purpose, to show the runtime's side: mypy with
    # typedsignals.mypy reports both (hence the ignores; `make demo` runs it).
    print("\n== coercion: size='32' arrives as the int 32")
    coerced = pizza_done.send(PizzaStore, order_id=8, toppings=[], size="32")  # type: ignore[arg-type]
    for receiver, response in coerced:
        print(f"  {receiver.__qualname__:<15} -> {response}")

    print("\n== a bad payload: no receiver runs, and the error says why")
    try:
        pizza_done.send(sender=PizzaStore, order_id=9, toppings=["ham"], size=-1, sise=3)  # type: ignore[call-arg]
    except PayloadError as error:
        print(error)


if __name__ == "__main__":
    main()

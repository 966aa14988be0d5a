"""send(sender, payload): the payload-instance form."""

from payloads import Article, PizzaDone, PizzaStore

from typedsignals import Signal

pizza_done = Signal[PizzaDone](sender=PizzaStore)
payload = PizzaDone(toppings=["ham"], customerName="Ada")

pizza_done.send(PizzaStore, payload)
pizza_done.send_robust(PizzaStore, payload)
pizza_done.send(PizzaStore, Article(title="x"))  # E: Argument 2 to "send" of "Signal" has incompatible type "Article"; expected "PizzaDone"  [arg-type]
pizza_done.send(PizzaStore, payload, size=3)  # E: Unexpected keyword argument "size" for "send" of "Signal"  [call-arg]
pizza_done.send(PizzaStore, payload, payload)  # E: Too many arguments for "send" of "Signal"  [call-arg]
pizza_done.send(PizzaStore, {"toppings": []})  # E: Argument 2 to "send" of "Signal" has incompatible type "dict[str, list[Never]]"; expected "PizzaDone"  [arg-type]


async def sends_asynchronously() -> None:
    await pizza_done.asend(PizzaStore, payload)
    await pizza_done.asend_robust(PizzaStore, Article(title="x"))  # E: Argument 2 to "asend_robust" of "Signal" has incompatible type "Article"; expected "PizzaDone"  [arg-type]

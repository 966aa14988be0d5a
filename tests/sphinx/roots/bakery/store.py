"""Who sends the bakery's signals."""


class Bakery:
    """Bakes and sells bread."""


def till() -> None:
    """The till: a function that sends signals too."""


#: When the bakery opens (not a signal: ``autodata`` leaves it to autodoc).
OPENING_HOUR = 7

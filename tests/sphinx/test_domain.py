"""``py:signal`` in the Python domain: hand-written signals, roles, index, objects.inv."""

from __future__ import annotations

import zlib

from tests.sphinx.conftest import Build
from tests.sphinx.doctrees import links, outline, signal, table_rows
from tests.sphinx.test_rendering import LOAF_ARGUMENTS


def test_a_hand_written_signal_gets_its_sender_payload_and_arguments(
    signals_build: Build,
) -> None:
    doctree = signals_build.doctree("handwritten")
    assert outline(doctree) == [("signal", "shop.orders.order_cancelled")]
    cancelled = signal(doctree, "shop.orders.order_cancelled")
    assert cancelled.signature == "signal shop.orders.order_cancelled[Loaf]"
    assert cancelled.doc == ["A signal of another system, written by hand."]
    assert cancelled.fields == ["Sender", "Payload"]  # no live signal: no receivers
    assert links(cancelled.field("Sender")) == [("Bakery", "store.html#bakery.store.Bakery")]
    assert links(cancelled.field("Payload")) == [("Loaf", "signals.html#bakery.signals.Loaf")]
    assert cancelled.arguments is not None
    assert table_rows(cancelled.arguments) == LOAF_ARGUMENTS


def test_roles_find_signals_absolute_short_relative_and_as_any_object(
    signals_build: Build,
) -> None:
    assert links(signals_build.doctree("roles")) == [
        ("bakery.signals.loaf_baked", "signals.html#bakery.signals.loaf_baked"),
        ("loaf_sold", "signals.html#bakery.signals.loaf_sold"),
        ("bakery.signals.tick", "signals.html#bakery.signals.tick"),
        ("bakery.selected.listed", "selected.html#bakery.selected.listed"),
        ("shop.orders.order_cancelled", "handwritten.html#shop.orders.order_cancelled"),
        ("loaf_baked", "signals.html#bakery.signals.loaf_baked"),
        ("loaf_sold", "signals.html#bakery.signals.loaf_sold"),
    ]


def test_signals_have_index_entries(signals_build: Build) -> None:
    genindex = signals_build.html("genindex")
    assert (
        '<a href="signals.html#bakery.signals.loaf_baked">loaf_baked (signal in bakery.signals)</a>'
        in genindex
    )
    assert (
        '<a href="handwritten.html#shop.orders.order_cancelled">'
        "order_cancelled (signal in shop.orders)</a>" in genindex
    )


def test_objects_inv_lists_signals_as_py_signal(signals_build: Build) -> None:
    inventory = (signals_build.app.outdir / "objects.inv").read_bytes()
    header_end = inventory.index(b"zlib.\n") + len(b"zlib.\n")
    lines = zlib.decompress(inventory[header_end:]).decode().splitlines()
    signals = {line.split()[0]: line.split()[3] for line in lines if " py:signal " in line}
    assert signals == {
        "bakery.reexport.local_signal": "reexport.html#$",
        "bakery.selected.listed": "selected.html#$",
        "bakery.selected.undocumented": "selected.html#$",
        "bakery.selected.unlisted": "autodata.html#$",
        "bakery.signals._private_signal": "autosignal.html#$",
        "bakery.signals.loaf_baked": "signals.html#$",
        "bakery.signals.loaf_sold": "signals.html#$",
        "bakery.signals.shop_opened": "autosignal.html#$",
        "bakery.signals.tick": "signals.html#$",
        "shop.orders.order_cancelled": "handwritten.html#$",
    }

"""examples/django_demo, as `make demo` runs it: a typed post_save receiver."""

from __future__ import annotations

from tests.examples import run_example


def test_the_demo_prints_each_save_from_its_typed_receiver() -> None:
    result = run_example("-m", "django_demo")
    assert result.stdout == (
        "post_save: Article 'Typed signals' created (using='default')\n"
        "post_save: Article 'Typed Django signals' updated (using='default')\n"
    )

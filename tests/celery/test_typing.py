"""Without the mypy plugin, ``@task_receiver`` keeps the function's type and adds ``.task``."""

from __future__ import annotations

import textwrap

from mypy import api

SOURCE = textwrap.dedent("""
    from typing import Any, assert_type

    from celery import Celery, Task
    from pydantic import BaseModel

    from typedsignals import Signal
    from typedsignals.contrib.celery import task_receiver

    class Baked(BaseModel):
        kind: str

    baked = Signal[Baked]()
    app = Celery("typing")

    @task_receiver(baked, app=app)
    def box_it(sender: object, kind: str, **kwargs: Any) -> int:
        return len(kind)

    assert_type(box_it(sender=None, kind="rye"), int)
    assert_type(box_it.task, Task[..., int])
    box_it(sender=None, kind=3)
""")


def test_the_decorated_name_is_callable_like_the_function_and_exposes_the_task() -> None:
    stdout, stderr, status = api.run(
        ["--strict", "--no-incremental", "--no-error-summary", "-c", SOURCE]
    )

    assert (stdout.splitlines(), stderr, status) == (
        [
            '<string>:22: error: Argument "kind" to "__call__" of "TaskReceiver" has incompatible'
            ' type "int"; expected "str"  [arg-type]',
        ],
        "",
        1,
    )

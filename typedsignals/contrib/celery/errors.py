"""The errors of ``typedsignals.contrib.celery`` (importable from it)."""

from __future__ import annotations

__all__ = ["EnqueueError", "MessageError"]


class EnqueueError(RuntimeError):
    """The broker refused or could not be reached: the task was not queued.

    Raised to the sender, by ``send`` (later receivers are not called) or at commit with
    ``on_commit=True``; ``send_robust`` logs it and returns it as the receiver's response.
    The broker's own error is the ``__cause__``.
    """


class MessageError(ValueError):
    """A worker received a task message it cannot act on, so no sender could have sent it:
    wrong arguments, a signal the task is not registered for, a sender it does not accept, a
    payload that is not a JSON object or has a reserved key, a content type other than JSON.

    Acknowledged and never retried (``autoretry_for`` skips it). It pickles and rebuilds
    from its message, so ``AsyncResult.get()`` raises it as a ``MessageError``.
    """

"""Request, auth, settings and migrate signals, sent by Django itself."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.apps import AppConfig
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.handlers.wsgi import WSGIRequest
from django.core.management import call_command
from django.http import HttpRequest
from django.test import AsyncClient, Client, override_settings
from django.test.client import AsyncClientHandler, ClientHandler

from tests.django.conftest import Calls
from typedsignals.contrib.django import (
    got_request_exception,
    post_migrate,
    pre_migrate,
    request_finished,
    request_started,
    setting_changed,
    user_logged_in,
    user_logged_out,
    user_login_failed,
)

Listen = Callable[..., Calls]


def test_a_wsgi_request_sends_request_started_with_the_environ_and_request_finished(
    listen: Listen, client: Client
) -> None:
    started, finished = listen(request_started), listen(request_finished)
    assert client.get("/hello/").content == b"hello"
    assert [(call["sender"], call["scope"]) for call in started] == [(ClientHandler, None)]
    assert started[0]["environ"]["PATH_INFO"] == "/hello/"
    # Only WSGIHandler/ASGIHandler tell the response their class; the test client's do not.
    assert finished == [{"signal": request_finished, "sender": None}]


async def test_an_asgi_request_sends_request_started_with_the_scope_to_async_receivers(
    async_client: AsyncClient,
) -> None:
    scopes: list[dict[str, Any] | None] = []

    async def remember(scope: dict[str, Any] | None, environ: Any, **kwargs: Any) -> None:
        assert environ is None
        scopes.append(scope)

    request_started.connect(remember, sender=AsyncClientHandler)
    try:
        response = await async_client.get("/hello/")
    finally:
        request_started.disconnect(remember, sender=AsyncClientHandler)
    assert response.content == b"hello"
    assert [scope["path"] for scope in scopes if scope is not None] == ["/hello/"]


def test_an_exception_in_a_view_sends_got_request_exception(listen: Listen) -> None:
    calls = listen(got_request_exception)
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    assert [(call["sender"], type(call["request"])) for call in calls] == [(None, WSGIRequest)]
    assert calls[0]["request"].path == "/broken/"


@pytest.mark.django_db
def test_login_logout_and_failed_logins_send_the_auth_signals(listen: Listen) -> None:
    logged_in, logged_out = listen(user_logged_in, User), listen(user_logged_out, User)
    failed = listen(user_login_failed)
    user = User.objects.create_user("ada", password="lovelace")
    client = Client()
    assert client.login(username="ada", password="lovelace")
    client.logout()
    assert authenticate(username="ada", password="wrong") is None

    # Client.login() and logout() call Django's login()/logout() with a bare HttpRequest.
    assert [(call["sender"], call["user"], type(call["request"])) for call in logged_in] == [
        (User, user, HttpRequest)
    ]
    assert [(call["sender"], call["user"], type(call["request"])) for call in logged_out] == [
        (User, user, HttpRequest)
    ]
    assert failed == [
        {
            "signal": user_login_failed,
            "sender": "django.contrib.auth",
            "credentials": {"username": "ada", "password": "********************"},
            "request": None,
        }
    ]


def test_override_settings_sends_setting_changed_on_entering_and_leaving(listen: Listen) -> None:
    calls = listen(setting_changed)
    with override_settings(TYPEDSIGNALS_EXAMPLE=42):
        pass
    assert [(call["setting"], call["value"], call["enter"]) for call in calls] == [
        ("TYPEDSIGNALS_EXAMPLE", 42, True),
        ("TYPEDSIGNALS_EXAMPLE", None, False),
    ]


@pytest.mark.django_db
def test_migrate_sends_pre_and_post_migrate_for_each_app_with_models(listen: Listen) -> None:
    pre, post = listen(pre_migrate), listen(post_migrate)
    call_command("migrate", verbosity=0, interactive=False)
    labels = ["auth", "contenttypes", "sessions", "blog"]
    for calls in (pre, post):
        assert [call["app_config"].label for call in calls] == labels
        assert all(
            isinstance(call["sender"], AppConfig)
            and call["sender"] is call["app_config"]
            and (call["using"], call["verbosity"], call["interactive"], call["plan"])
            == ("default", 0, False, [])
            and call["apps"] is not None
            for call in calls
        )

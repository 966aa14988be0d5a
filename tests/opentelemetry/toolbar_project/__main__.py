"""``python -m tests.opentelemetry.toolbar_project``: GET /order/ through the toolbar, then the
SignalsPanel's content as the toolbar's own view serves it; prints both as JSON."""

from __future__ import annotations

import json
import os
import re

os.environ["DJANGO_SETTINGS_MODULE"] = "tests.opentelemetry.toolbar_project.settings"

import django
from django.test import Client

django.setup()

client = Client()
page = client.get("/order/").content.decode()
found = re.search(r'data-request-id="(\w+)"', page)
panel = (
    client.get(
        "/__debug__/render_panel/",
        {"request_id": found.group(1), "panel_id": "SignalsPanel"},
    ).json()
    if found
    else {}
)
print(json.dumps({"page": page, "panel": panel.get("content", "")}))

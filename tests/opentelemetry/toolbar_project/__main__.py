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
# django-debug-toolbar 6 stores the request's panels (request_id) and serves each through
# render_panel; 5 may render them into the page (RENDER_PANELS), where the panel is read then.
found = re.search(r'data-(request|store)-id="(\w+)"', page)
if found:
    panel = client.get(
        "/__debug__/render_panel/",
        {f"{found.group(1)}_id": found.group(2), "panel_id": "SignalsPanel"},
    ).json()["content"]
else:
    inline = re.search(
        r'id="SignalsPanel".*?<div class="djdt-scroll">(.*?)</div>\s*</div>', page, re.S
    )
    panel = inline.group(1) if inline else ""
print(json.dumps({"page": page, "panel": panel}))

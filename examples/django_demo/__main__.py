"""Save an article twice; the typed post_save receiver in receivers.py reports each save."""

import django
from django.conf import settings
from django.core.management import call_command

settings.configure(
    INSTALLED_APPS=["typedsignals.contrib.django", "django_demo"],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
    DEFAULT_AUTO_FIELD="django.db.models.AutoField",
)
django.setup()
call_command("migrate", run_syncdb=True, verbosity=0)

from django_demo.models import Article  # noqa: E402 - models import once Django is set up

article = Article.objects.create(title="Typed signals")
article.title = "Typed Django signals"
article.save()

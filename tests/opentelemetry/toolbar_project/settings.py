"""A Django project with django-debug-toolbar and the SignalsPanel, run in its own process
(``python -m tests.opentelemetry.toolbar_project``) so the rest of the suite keeps its own
Django settings."""

DEBUG = True
SECRET_KEY = "tests-only"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
INTERNAL_IPS = ["127.0.0.1"]
ROOT_URLCONF = "tests.opentelemetry.toolbar_project.urls"
INSTALLED_APPS = ["django.contrib.staticfiles", "debug_toolbar"]
MIDDLEWARE = ["debug_toolbar.middleware.DebugToolbarMiddleware"]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}]
STATIC_URL = "/static/"
USE_TZ = True
DEBUG_TOOLBAR_PANELS = [
    "debug_toolbar.panels.timer.TimerPanel",
    "typedsignals.contrib.django.debug_toolbar.SignalsPanel",
]
DEBUG_TOOLBAR_CONFIG = {"IS_RUNNING_TESTS": False}  # the toolbar refuses to run under tests

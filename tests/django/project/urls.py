from django.http import HttpRequest, HttpResponse
from django.urls import path


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("hello")


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("the view broke")


urlpatterns = [path("hello/", hello), path("broken/", broken)]

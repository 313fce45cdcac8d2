from django.http import HttpResponse


def home(request):
    return HttpResponse("")


def set_language(request):
    return HttpResponse("")

"""The bench app: installed only by bench.settings, never by the project itself."""

from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "bench"
    verbose_name = "Benchmark"
    default_auto_field = "django.db.models.BigAutoField"

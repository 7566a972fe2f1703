from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "News"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import freshness, schema  # noqa: F401  signal receivers, OpenAPI extensions

# The queue's app is loaded with Django, so tasks are bound to it wherever they are sent.
from .celery import app as celery_app

__all__ = ["celery_app"]

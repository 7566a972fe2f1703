"""The job queue: `celery -A newsapi worker` and `celery -A newsapi beat`.

Configured from the Django settings named CELERY_*; the broker is REDIS_URL. More
capacity is more worker processes or hosts on the same broker.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsapi.settings")

app = Celery("newsapi")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

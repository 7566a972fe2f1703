"""gunicorn settings, from the environment like everything else."""

import gc
import os
import tempfile

# Workers write their metrics to files here, so /metrics adds up every worker. It must be
# set before prometheus_client is first imported, which picks its storage at import time.
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="newsapi-metrics-"))

bind = os.environ.get("BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
# Recycle workers now and then so a slow leak cannot grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = max_requests // 10
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# The application is loaded once, in the master, and every worker is forked from it.
preload_app = True


def when_ready(server):
    """Build the gazetteer, the tagger's lexicon and the language model in the master,
    before the first worker is forked: every worker (a recycled one's successor too)
    starts with them, and they share that memory instead of each building its own."""
    from articles.ingestion.service import warm_up

    warm_up()
    # Out of the collector's sight, so that collections in the workers do not write to
    # (and so copy) the pages of these long-lived objects.
    gc.freeze()


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)

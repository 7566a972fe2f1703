# syntax=docker/dockerfile:1
# One image for every role: `web` (migrate, then serve), `migrate` (one-shot), `serve`.

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /venv
COPY requirements.txt /tmp/requirements.txt
RUN /venv/bin/pip install -r /tmp/requirements.txt

FROM python:3.11-slim
ENV PATH=/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    NEWSAPI_ENV=production
RUN groupadd --gid 10001 newsapi \
    && useradd --create-home --uid 10001 --gid 10001 newsapi
WORKDIR /app
COPY --from=build /venv /venv
COPY --chown=newsapi:newsapi . .
# collectstatic needs settings to load; the key and host here exist only for this step.
RUN SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    ALLOWED_HOSTS=build.invalid python manage.py collectstatic --noinput
# Numeric, so orchestrators can check it is not root without the image's /etc/passwd.
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
ENTRYPOINT ["bin/start"]
CMD ["web"]

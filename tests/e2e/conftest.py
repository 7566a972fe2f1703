"""End-to-end fixtures: the application as the image holds it, served by gunicorn.

The image is `COPY . .` of the build context (what `.dockerignore` lets through) plus the
static files that `collectstatic` writes during the build. `app_image` rebuilds that tree in
a temporary folder, so the servers started here run what a container would run, through
`bin/start`, with production settings, on a free loopback port.
"""

import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.support import (
    ROOT,
    AppImage,
    copy_build_context,
    get_json,
    image_env,
    production_env,
    run,
    scratch_database,
    secret_key,
    serving,
)


@pytest.fixture(scope="session")
def app_image(tmp_path_factory):
    """The image's /app: the build context, then the collected, compressed static files.

    `collectstatic` runs in the background while databases are prepared; servers wait for
    it (`AppImage.ready`) before they start.
    """
    root = tmp_path_factory.mktemp("image")
    target = root / "app"
    target.mkdir()
    copy_build_context(ROOT, target)
    log_path = root / "collectstatic.log"
    with open(log_path, "wb") as log:
        # The Dockerfile's build step: a throwaway key and host, only for this command.
        build = subprocess.Popen(
            ["python", "manage.py", "collectstatic", "--noinput"],
            cwd=target,
            env=image_env(SECRET_KEY=secret_key(), ALLOWED_HOSTS="build.invalid"),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    image = AppImage(target, build, log_path)
    yield image
    if build.poll() is None:
        build.kill()
        build.wait()


@dataclass
class NewsServer:
    base_url: str
    editor_token: str
    schema: dict
    log_path: Path

    @property
    def api(self) -> str:
        return f"{self.base_url}/api/v1"


@pytest.fixture(scope="session")
def news_server(app_image, tmp_path_factory) -> NewsServer:
    """A production server with the gazetteer, the demo articles and an editor's token.

    Its database is SQLite in a temporary folder, or a fresh PostgreSQL database when the
    run is on PostgreSQL.
    """
    data = tmp_path_factory.mktemp("news-server")
    with scratch_database(data) as database_url:
        env = production_env(database_url)
        run(["bin/start", "migrate"], cwd=app_image.path, env=env)
        run(["python", "manage.py", "load_demo"], cwd=app_image.path, env=env)
        issued = run(
            ["python", "manage.py", "issue_token", "desk", "--editor"], cwd=app_image.path, env=env
        )
        token = issued.stdout.strip().splitlines()[-1]
        log_path = data / "gunicorn.log"
        with serving(app_image, env, log_path) as base_url:
            schema = get_json(f"{base_url}/api/v1/schema/?format=json")
            yield NewsServer(base_url, token, schema, log_path)

"""The plugin installs into a new Wagtail site exactly as the README says (slow: a few minutes).

Builds the wheel and the sdist with ``python -m build``, installs the wheel into
a fresh virtualenv, creates a site with ``wagtail start``, appends the README's
install snippets to it verbatim (read from the README's "Install in your own
Wagtail site" section, so a wrong README fails here), migrates, runs
``manage.py check`` and asks the site for the admin, a programme page and
``/youthcop/verify/``.

Dependencies come from the package index pip is configured with (its cache
makes a second run quicker). Runs once per ``./scripts/test``: on the SQLite
pass, not again on PostgreSQL (the new site has its own SQLite database).
"""

import json
import os
import re
import subprocess
import sys
import tarfile
import time
import venv
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")),
    reason="runs on the SQLite pass only: the new site has its own SQLite database",
)

ROOT = Path(__file__).resolve().parent.parent
SECTION = "## Install in your own Wagtail site"
SETTINGS_BLOCK = "# settings"  # how the README's settings snippet starts
URLS_BLOCK = "# urls.py"  # how the README's urls snippet starts

# What a new site sees of the plugin: every kind of file the wheel must carry.
APPS = ["programmes", "privacy", "pages", "sessions", "charters", "certificates"]


def install_section():
    readme = (ROOT / "README.md").read_text()
    start = readme.index(SECTION) + len(SECTION)
    end = readme.find("\n## ", start)
    return readme[start : end if end != -1 else None]


def python_blocks(text):
    return re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)


def snippet(starting_with):
    [block] = [block for block in python_blocks(install_section()) if block.startswith(starting_with)]
    return block


def run(args, cwd, env, timeout=600):
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{' '.join(map(str, args))} failed:\n{result.stdout}\n{result.stderr}"
    return result


def clean_env():
    """This process's environment without its Django settings, Python path or virtualenv."""
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "PYTHONPATH", "VIRTUAL_ENV")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def test_the_readme_names_both_snippets():
    """The README's snippets are there to be applied (fast: runs without building anything)."""
    settings_block = snippet(SETTINGS_BLOCK)
    urls_block = snippet(URLS_BLOCK)
    assert "INSTALLED_APPS +=" in settings_block and "MIDDLEWARE +=" in settings_block
    assert 'include("youthcop.urls")' in urls_block


# Run in the new site by `manage.py shell`: a programme and its page, then the three pages asked for.
SITE_SCRIPT = """
import datetime, json
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import Site
from youthcop.pages.models import ProgrammeIndexPage, ProgrammePage
from youthcop.programmes.models import Organisation, Programme

zone = Organisation.objects.create(name="Police zone North", kind=Organisation.Kind.POLICE_ZONE)
programme = Programme.objects.create(
    name="Second Wave North", police_zone=zone, start_date=datetime.date.today(),
    status=Programme.Status.RECRUITING,
)
home = Site.objects.get(is_default_site=True).root_page
index = home.add_child(instance=ProgrammeIndexPage(title="Programmes", slug="programmes"))
index.save_revision().publish()
page = index.add_child(instance=ProgrammePage(title=programme.name, slug="second-wave-north", programme=programme))
page.save_revision().publish()
page.refresh_from_db()

get_user_model().objects.create_superuser("admin", "admin@example.org", "install-test")
client = Client()
answers = {
    "admin": client.get("/admin/", follow=True).status_code,
    "index": client.get(index.url).status_code,
    "programme": client.get(page.url).status_code,
    "programme_names_it": programme.name in client.get(page.url).content.decode(),
    "verify": client.get("/youthcop/verify/").status_code,
}
client.login(username="admin", password="install-test")
answers["admin_signed_in"] = client.get("/admin/").status_code
answers["programmes_admin"] = client.get("/admin/youthcop/programmes/").status_code
print("ANSWERS " + json.dumps(answers))
"""


@pytest.mark.slow
def test_the_wheel_installs_into_a_new_wagtail_site_as_the_readme_says(tmp_path):
    started = time.monotonic()
    env = clean_env()

    # 1. The wheel and the sdist, with the standard front-end (the wheel is built from the sdist).
    dist = tmp_path / "dist"
    run([sys.executable, "-m", "build", "--outdir", dist, ROOT], cwd=tmp_path, env=env)
    [wheel] = dist.glob("wagtail_youthcop-*.whl")
    [sdist] = dist.glob("wagtail_youthcop-*.tar.gz")
    in_wheel = zipfile.ZipFile(wheel).namelist()
    with tarfile.open(sdist) as archive:
        in_sdist = [name.split("/", 1)[1] for name in archive.getnames() if "/" in name]
    for names in (in_wheel, [name for name in in_sdist if name.startswith("youthcop/")]):
        for language in ("fr", "nl", "de"):
            assert f"youthcop/locale/{language}/LC_MESSAGES/django.mo" in names
        for app in APPS:
            assert any(re.fullmatch(rf"youthcop/{app}/migrations/0001_\w+\.py", name) for name in names), app
            assert any(name.startswith(f"youthcop/{app}/templates/youthcop_{app}/") for name in names), app
        assert "youthcop/static/youthcop/public.css" in names
        assert "youthcop/sessions/static/youthcop_sessions/attendance.css" in names
    assert not [name for name in in_wheel + in_sdist if name.startswith(("site/", "tests/", "youthcop_site"))]
    assert not [name for name in in_wheel if "demo" in name]
    assert {"LICENSE", "CHANGELOG.md", "README.md", "pyproject.toml"} <= set(in_sdist)
    metadata = zipfile.ZipFile(wheel).read(f"{wheel.name.split('-')[0]}-{wheel.name.split('-')[1]}.dist-info/METADATA")
    metadata = metadata.decode()
    assert "License-Expression: BSD-3-Clause" in metadata
    assert "Classifier: Framework :: Django :: 5.2" in metadata
    assert "Classifier: Framework :: Wagtail :: 8" in metadata

    # 2. A fresh virtualenv with the wheel (and its dependencies) only.
    venv_dir = tmp_path / "venv"
    venv.create(venv_dir, with_pip=True)
    python = venv_dir / "bin" / "python"
    run([python, "-m", "pip", "install", "--quiet", wheel], cwd=tmp_path, env=env, timeout=1200)

    # 3. A new site, as `wagtail start` makes it, with the README's snippets appended verbatim.
    run([venv_dir / "bin" / "wagtail", "start", "mysite"], cwd=tmp_path, env=env)
    site = tmp_path / "mysite"
    for path, block in ((site / "mysite" / "settings" / "base.py", snippet(SETTINGS_BLOCK)),
                        (site / "mysite" / "urls.py", snippet(URLS_BLOCK))):
        path.write_text(path.read_text() + "\n\n" + block)

    # 4. Migrated and checked (development settings, as `wagtail start` leaves manage.py).
    manage = [python, "manage.py"]
    run([*manage, "migrate", "--noinput"], cwd=site, env=env)
    checked = run([*manage, "check"], cwd=site, env=env)
    assert "System check identified no issues" in checked.stdout, checked.stdout + checked.stderr

    # 5. The admin, a programme page and the verification form answer.
    shell = run([*manage, "shell", "--no-imports", "-c", SITE_SCRIPT], cwd=site, env=env)
    [line] = [line for line in shell.stdout.splitlines() if line.startswith("ANSWERS ")]
    answers = json.loads(line.removeprefix("ANSWERS "))
    assert answers == {
        "admin": 200,
        "index": 200,
        "programme": 200,
        "programme_names_it": True,
        "verify": 200,
        "admin_signed_in": 200,
        "programmes_admin": 200,
    }, shell.stdout + shell.stderr
    print(f"install test took {time.monotonic() - started:.0f} s")

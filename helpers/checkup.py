"""`doctor()`: where this lesson runs, and what to do about anything that will get in the way.

One call, for a learner or for the instructor helping one:

    from helpers import doctor
    doctor()

It reports the place (JupyterLab or Notebook 7, VS Code, Colab, Binder, a JupyterHub,
Codespaces, or a kernel whose front end says nothing), the versions that matter against the
course's floors (`pyproject.toml`) and, in a clone of the course, its lock; whether the front
end sends cell ids (without them live editing is off: a re-run route cell adds, it does not
replace); and whether a browser can reach the app's /docs there. Each problem comes with what to
do. Nothing here changes the kernel.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import json

import httpx

from helpers.docs import proxy_root_path
from helpers.server import LiveServer, _servers

PACKAGE = "fastapi-course-helpers"
# The packages a lesson's behaviour depends on, in the order they are shown.
WATCHED = ("fastapi", "starlette", "uvicorn", "pydantic", "httpx", "sqlalchemy", "ipykernel", "ipython")
LOCK = Path(__file__).resolve().parent.parent / "requirements" / "lessons.txt"  # only in a clone
# Where a lesson's install cell takes the package from (workshop/tables.py's PACKAGE; a test
# keeps the two alike). The name alone is not on PyPI: `pip install fastapi-course-helpers`
# would fail, or install whatever someone else published under that name.
FROM_GITHUB = "fastapi-course-helpers @ git+https://github.com/fastapi-live/fastapi-live-course@main"


@dataclass(frozen=True)
class Finding:
    """One line of the report: what was found, and what to do when it is a problem."""

    ok: bool
    text: str
    fix: str = ""

    def __str__(self) -> str:
        line = f"{'✅' if self.ok else '⚠️'} {self.text}"
        return f"{line}\n     → {self.fix}" if self.fix else line


@dataclass(frozen=True)
class Diagnosis:
    """What `doctor()` found; a notebook shows it as one line per finding."""

    findings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        return all(finding.ok for finding in self.findings)

    def __repr__(self) -> str:
        return "\n".join(str(finding) for finding in self.findings)


def _request_metadata() -> dict[str, object]:
    """The metadata of the execute request that runs this cell, or {} outside a kernel."""
    try:
        shell = get_ipython()  # type: ignore[name-defined]  # noqa: F821  (IPython's builtin)
        return dict(shell.kernel.get_parent().get("metadata") or {})
    except Exception:  # plain Python, or a kernel without get_parent (very old ipykernel)
        return {}


def place(environ: dict[str, str] | None = None, request: dict[str, object] | None = None) -> str:
    """Where the kernel runs, from its environment and its front end's execute request."""
    environ = dict(os.environ) if environ is None else environ
    request = _request_metadata() if request is None else request
    if "google.colab" in sys.modules or "COLAB_RELEASE_TAG" in environ:
        return "Google Colab"
    if "BINDER_LAUNCH_HOST" in environ or "BINDER_REPO_URL" in environ:
        return "Binder"
    if "JUPYTERHUB_SERVICE_PREFIX" in environ:
        return "a JupyterHub"
    if "CODESPACE_NAME" in environ:
        return "GitHub Codespaces"
    cell = str(request.get("cellId") or "")
    if cell.startswith("vscode-notebook-cell:"):
        return "VS Code"
    if cell:
        return "JupyterLab or Notebook 7"
    return "a kernel whose front end sends no cell id (nbclient, papermill, an older Jupyter)"


def _installed(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def _floors() -> dict[str, str]:
    """name -> the lowest version the course's package allows (its `>=` requirements)."""
    floors = {}
    for requirement in metadata.requires(PACKAGE) or []:
        found = re.match(r"([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?\s*>=\s*([^,;\s]+)", requirement)
        if found and ";" not in requirement:
            floors[found[1].lower()] = found[2]
    return floors


def _locked() -> dict[str, str]:
    """name -> the version in the course's lock; {} when helpers is not in a clone."""
    if not LOCK.exists():
        return {}
    return {name.lower(): version for name, version in re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", LOCK.read_text(), re.M)}


def _as_tuple(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version)[:3])


def reinstall_command() -> str:
    """The `%pip` line that installs the course's package again from where it came, so that pip
    adds what is missing: the clone it was installed from (editable), or the lessons' GitHub."""
    try:
        origin = json.loads(metadata.distribution(PACKAGE).read_text("direct_url.json") or "{}")
    except (metadata.PackageNotFoundError, ValueError):
        origin = {}
    url = str(origin.get("url", ""))
    if url.startswith("file://") and origin.get("dir_info", {}).get("editable"):
        return f'%pip install --editable "{url.removeprefix("file://")}"'
    if url.startswith("https://") and origin.get("vcs_info", {}).get("vcs") == "git":
        revision = origin["vcs_info"].get("requested_revision")
        return f'%pip install "{PACKAGE} @ git+{url}{"@" + revision if revision else ""}"'
    return f'%pip install "{FROM_GITHUB}"'


def version_findings() -> list[Finding]:
    """One finding per watched package: missing, below the course's floor, or as locked."""
    floors, locked = _floors(), _locked()
    python = sys.version.split()[0]
    findings = [Finding(sys.version_info >= (3, 11), f"Python {python}",
                        "" if sys.version_info >= (3, 11) else "The course needs Python 3.11 or newer.")]
    for name in WATCHED:
        have = _installed(name)
        if have is None:
            if name in floors:
                findings.append(Finding(False, f"{name} is not installed", f"run `{reinstall_command()}`, then restart the kernel"))
            continue
        floor, lock = floors.get(name), locked.get(name)
        if floor and _as_tuple(have) < _as_tuple(floor):
            findings.append(Finding(False, f"{name} {have}, older than the course needs ({floor})",
                                    f'`%pip install "{name}>={floor}"`, then restart the kernel'))
        elif lock and have != lock:
            findings.append(Finding(True, f"{name} {have} (the course's lock has {lock}: outputs may differ a little)"))
        else:
            findings.append(Finding(True, f"{name} {have}"))
    return findings


def upgraded_after_import(modules: dict[str, object] | None = None) -> list[str]:
    """The watched packages whose installed version differs from the one this kernel already
    imported: `%pip install` upgraded them after the import, so the kernel must restart before
    it can use them (Colab asks for a restart for the same reason)."""
    modules = sys.modules if modules is None else modules
    stale = []
    for name in WATCHED:
        loaded = getattr(modules.get(name), "__version__", None)
        if loaded and _installed(name) not in (None, loaded):
            stale.append(f"{name} {loaded} -> {_installed(name)}")
    return stale


def live_editing_finding(request: dict[str, object] | None = None) -> Finding:
    """Whether re-running a route's cell replaces its routes (the front end sends cell ids)."""
    request = _request_metadata() if request is None else request
    if request.get("cellId"):
        return Finding(True, "Live editing is on: this front end says which cell runs, so a re-run cell replaces its routes.")
    return Finding(False, "Live editing is off: this front end does not say which cell runs. A re-run cell still "
                   "replaces a route of the same method and path, but a path you renamed keeps answering too.",
                   "Use JupyterLab, Notebook 7 or VS Code; elsewhere, run the set-up cell again, then the cells below it.")


def docs_finding(server: LiveServer | None = None, environ: dict[str, str] | None = None) -> Finding:
    """Whether a browser can reach a lesson's /docs where the kernel runs. On a hub, with a
    running `server`, it asks for the app's /openapi.json through the hub's proxy, with the
    learner's own token, as the browser's page will."""
    environ = dict(os.environ) if environ is None else environ
    prefix = environ.get("JUPYTERHUB_SERVICE_PREFIX")
    if prefix:
        if _installed("jupyter-server-proxy") is None:
            return Finding(False, "/docs: this hub has no jupyter-server-proxy, so your browser cannot reach the app.",
                           "Ask the hub's admin to add jupyter-server-proxy to the learners' image.")
        service, token = environ.get("JUPYTERHUB_SERVICE_URL"), environ.get("JUPYTERHUB_API_TOKEN")
        if server is None or not server.running or not (service and token):
            return Finding(True, f"/docs opens through the hub's proxy, at {prefix}proxy/PORT/docs "
                           "(not checked: no app is being served; run the set-up cell, then `doctor()` again).")
        address = f"{service.rstrip('/')}/proxy/{server.port}/openapi.json"
        try:
            answer = httpx.get(address, headers={"Authorization": f"token {token}"}, timeout=5, trust_env=False)
            document = answer.json() if answer.status_code == 200 else None
            reached = isinstance(document, dict) and "openapi" in document  # an OpenAPI document, nothing else
        except (httpx.HTTPError, ValueError):
            reached = False
        if not reached:
            return Finding(False, "/docs: the hub's proxy did not reach your app.",
                           "Restart your server from the hub's control panel (File > Hub Control Panel), then "
                           "run the set-up cell again; if it persists, tell the instructor.")
        return Finding(True, f"/docs opens through the hub's proxy, at {proxy_root_path(server.port)}/docs (checked).")
    if "google.colab" in sys.modules or "COLAB_RELEASE_TAG" in environ:
        return Finding(True, "/docs opens through Colab's proxy. There, \"Try it out\" works for GET; Colab's proxy "
                       "answers other methods with \"500 Not Allowed\" (googlecolab/colabtools#3925): send those "
                       "from a cell with `server.client.post(...)`.")
    return Finding(True, "/docs opens at the link `server.docs_link()` prints.")


def doctor(server: LiveServer | None = None) -> Diagnosis:
    """Report where this lesson runs, the versions that matter, whether live editing is on,
    and whether /docs can be reached (through the hub's proxy, for `server` or else the app
    the lesson serves), each
    problem with what to do. Changes nothing."""
    request = _request_metadata()
    if server is None:  # the app the lesson serves: the set-up cell's `serve(app)`, the newest first
        running = [live for live in _servers.values() if live.running]
        server = running[-1] if running else None
    findings = [Finding(True, f"Running in {place(request=request)}."), *version_findings(),
                live_editing_finding(request), docs_finding(server)]
    return Diagnosis(tuple(findings))

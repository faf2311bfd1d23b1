"""`helpers.doctor()` in each place a lesson runs, simulated: the place it names, the versions it
judges, whether live editing is on (from the execute request's metadata, as JupyterLab, VS Code
and nbclient send it), and whether /docs is reached through a hub's proxy."""

from __future__ import annotations

import queue
from typing import Any

import pytest
from fastapi import FastAPI, Header, HTTPException
from jupyter_client.blocking.client import BlockingKernelClient
from jupyter_client.manager import KernelManager

from helpers import checkup as doctor_module
from helpers import serve
from helpers.checkup import docs_finding, live_editing_finding, place, upgraded_after_import, version_findings

JUPYTERLAB = {"cellId": "8f1c2a55-1b9e-4c1e-9a51-0d6d5b7c3f10", "deletedCells": []}
VSCODE = {"cellId": "vscode-notebook-cell:/home/ada/course/notebooks/00-welcome.ipynb#W2sZmlsZQ%3D%3D"}


@pytest.mark.parametrize(
    ("environ", "request_metadata", "expected"),
    [
        ({}, JUPYTERLAB, "JupyterLab or Notebook 7"),
        ({}, VSCODE, "VS Code"),
        ({}, {}, "a kernel whose front end sends no cell id (nbclient, papermill, an older Jupyter)"),
        ({"COLAB_RELEASE_TAG": "release-colab_20260819"}, {}, "Google Colab"),
        ({"JUPYTERHUB_SERVICE_PREFIX": "/user/ada/", "BINDER_LAUNCH_HOST": "https://mybinder.org/"}, JUPYTERLAB, "Binder"),
        ({"JUPYTERHUB_SERVICE_PREFIX": "/user/ada/"}, JUPYTERLAB, "a JupyterHub"),
        ({"CODESPACE_NAME": "ada-x7g9"}, VSCODE, "GitHub Codespaces"),
    ],
)
def test_the_place_is_named(environ: dict[str, str], request_metadata: dict[str, Any], expected: str) -> None:
    assert place(environ, request_metadata) == expected


def test_live_editing_is_on_where_the_front_end_sends_cell_ids() -> None:
    assert live_editing_finding(JUPYTERLAB).ok and live_editing_finding(VSCODE).ok
    off = live_editing_finding({})
    assert not off.ok and "set-up cell again" in off.fix


def test_a_package_below_the_courses_floor_is_a_problem_with_its_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doctor_module, "_installed", lambda name: "0.100.0" if name == "fastapi" else "99.0")
    [fastapi] = [finding for finding in version_findings() if finding.text.startswith("fastapi")]
    assert not fastapi.ok and "older than the course needs (0.165.0)" in fastapi.text
    assert fastapi.fix == '`%pip install "fastapi>=0.165.0"`, then restart the kernel'


def test_the_locked_versions_are_fine() -> None:
    assert all(finding.ok for finding in version_findings())


def test_a_version_other_than_the_lock_is_said_but_not_a_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doctor_module, "_installed", lambda name: "99.0.0")
    [fastapi] = [finding for finding in version_findings() if finding.text.startswith("fastapi")]
    assert fastapi.ok and "the course's lock has 0.165.0" in fastapi.text


def test_on_a_hub_docs_are_checked_through_the_proxy_with_the_learners_token() -> None:
    """The lesson's app doubles as the learner's server on a hub: jupyter-server-proxy's
    `/user/ada/proxy/PORT/...`, answering only with the learner's token (one live server per
    kernel, so the stand-in is a route of the same app)."""
    import httpx

    app = FastAPI()

    @app.get("/user/ada/proxy/{port}/openapi.json")
    def forward(port: int, authorization: str = Header("")) -> Any:
        if authorization != "token ada's token":
            raise HTTPException(403)
        return httpx.get(f"http://127.0.0.1:{port}/openapi.json", trust_env=False).json()

    lesson = serve(app)
    try:
        environ = {"JUPYTERHUB_SERVICE_PREFIX": "/user/ada/", "JUPYTERHUB_API_TOKEN": "ada's token",
                   "JUPYTERHUB_SERVICE_URL": f"http://127.0.0.1:{lesson.port}/user/ada/"}
        reached = docs_finding(lesson, environ)
        assert reached.ok and reached.text.endswith("(checked)."), reached
        refused = docs_finding(lesson, {**environ, "JUPYTERHUB_API_TOKEN": "someone else's"})
        assert not refused.ok and "Hub Control Panel" in refused.fix
    finally:
        lesson.stop()


def test_on_colab_the_docs_finding_says_what_try_it_out_can_do() -> None:
    finding = docs_finding(environ={"COLAB_RELEASE_TAG": "x"})
    assert finding.ok and "colabtools#3925" in finding.text


def run(client: BlockingKernelClient, code: str, metadata: dict[str, Any]) -> str:
    content = {"code": code, "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False}
    message = client.session.msg("execute_request", content, metadata=metadata)
    client.shell_channel.send(message)
    printed = []
    while True:
        try:
            reply = client.get_iopub_msg(timeout=60)
        except queue.Empty:
            raise AssertionError(f"no answer from the kernel for {code!r}") from None
        if reply["parent_header"].get("msg_id") != message["header"]["msg_id"]:
            continue
        if reply["msg_type"] == "status" and reply["content"]["execution_state"] == "idle":
            return "".join(printed)
        printed.append(reply["content"].get("text", "") or reply["content"].get("data", {}).get("text/plain", ""))


def test_in_a_kernel_doctor_reads_what_each_front_end_sends() -> None:
    manager = KernelManager(kernel_name="python3")
    manager.start_kernel()
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        run(client, "from helpers import doctor", {})
        assert "Running in JupyterLab or Notebook 7." in run(client, "doctor()", JUPYTERLAB)
        shown = run(client, "doctor()", VSCODE)
        assert "Running in VS Code." in shown and "Live editing is on" in shown
        assert "Live editing is off" in run(client, "doctor()", {})
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def test_a_package_upgraded_after_its_import_asks_for_a_restart() -> None:
    import types

    import fastapi

    assert upgraded_after_import() == []
    old = types.SimpleNamespace(__version__="0.141.1")  # Colab's, imported before the install cell ran
    assert upgraded_after_import({"fastapi": old}) == [f"fastapi 0.141.1 -> {fastapi.__version__}"]


def test_a_missing_package_is_installed_again_from_where_the_course_came(monkeypatch: pytest.MonkeyPatch) -> None:
    """Not `%pip install fastapi-course-helpers`: that name is not on PyPI (anyone could take it).
    The fix installs the package again from where it came: the lessons' GitHub, or a clone."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "workshop"))
    import tables

    monkeypatch.setattr(doctor_module, "_installed", lambda name: None if name == "sqlalchemy" else "99.0")
    [missing] = [finding for finding in version_findings() if finding.text.startswith("sqlalchemy")]
    assert not missing.ok and "%pip install" in missing.fix and "restart the kernel" in missing.fix
    assert f"`%pip install {doctor_module.PACKAGE}`" not in missing.fix
    assert doctor_module.FROM_GITHUB == tables.PACKAGE  # the install cell's source, not PyPI

    class Installed:
        def __init__(self, origin: dict[str, Any]) -> None:
            self.origin = origin

        def read_text(self, name: str) -> str:
            return json.dumps(self.origin)

    import json

    for origin, command in [
        ({"url": "file:///home/ada/course", "dir_info": {"editable": True}}, '%pip install --editable "/home/ada/course"'),
        ({"url": "https://github.com/ada/fork", "vcs_info": {"vcs": "git", "requested_revision": "lessons", "commit_id": "0" * 40}},
         '%pip install "fastapi-course-helpers @ git+https://github.com/ada/fork@lessons"'),
        ({}, f'%pip install "{tables.PACKAGE}"'),
    ]:  # fmt: skip
        monkeypatch.setattr(doctor_module.metadata, "distribution", lambda name, origin=origin: Installed(origin))
        assert doctor_module.reinstall_command() == command


@pytest.mark.parametrize("answer", [5, "openapi", ["openapi"], None])
def test_a_proxy_answering_other_json_is_a_problem_not_a_crash(answer: Any) -> None:
    """A hub's proxy (or what stands in its place) that answers 200 with JSON that is no
    OpenAPI document: doctor() says the app was not reached, it does not raise."""
    app = FastAPI()

    @app.get("/user/ada/proxy/{port}/openapi.json")
    def not_the_app(port: int) -> Any:
        return answer

    lesson = serve(app)
    try:
        environ = {"JUPYTERHUB_SERVICE_PREFIX": "/user/ada/", "JUPYTERHUB_API_TOKEN": "t",
                   "JUPYTERHUB_SERVICE_URL": f"http://127.0.0.1:{lesson.port}/user/ada/"}  # fmt: skip
        finding = docs_finding(lesson, environ)
        assert not finding.ok and "Hub Control Panel" in finding.fix
    finally:
        lesson.stop()


def test_on_a_hub_doctor_checks_the_docs_of_the_app_the_lesson_serves(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lesson 00 calls `doctor()` with no argument: on a hub it must still ask the proxy for the
    lesson's running app, not say that /docs opens without checking."""
    refusing = FastAPI()

    @refusing.get("/user/ada/proxy/{port}/openapi.json")
    def refused(port: int) -> Any:
        raise HTTPException(403)

    lesson = serve(refusing)
    try:
        for name, value in {"JUPYTERHUB_SERVICE_PREFIX": "/user/ada/", "JUPYTERHUB_API_TOKEN": "t",
                            "JUPYTERHUB_SERVICE_URL": f"http://127.0.0.1:{lesson.port}/user/ada/"}.items():  # fmt: skip
            monkeypatch.setenv(name, value)
        monkeypatch.setattr(doctor_module, "_installed", lambda name: "99.0")  # jupyter-server-proxy is there
        docs = doctor_module.doctor().findings[-1]
        assert not docs.ok and "Hub Control Panel" in docs.fix, docs
    finally:
        lesson.stop()
    unchecked = doctor_module.doctor().findings[-1]  # no app served: said, not claimed
    assert unchecked.ok and "not checked" in unchecked.text

"""course.py: installing with uv or pip, the learner's copies of the lessons, and `lab`.

No network: installs use a wheel made here, offered through a local folder.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import venv
import zipfile
from pathlib import Path

import httpx
import pytest
from websockets.sync.client import connect

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import course  # noqa: E402

from helpers.processes import free_port, port_is_free  # noqa: E402

OFFLINE = {"PIP_NO_INDEX": "1", "PIP_CONFIG_FILE": os.devnull, "UV_OFFLINE": "1", "UV_NO_INDEX": "1"}


def make_wheel(folder: Path, name: str = "course_probe", version: str = "1.0") -> Path:
    """A minimal pure-Python wheel, built by hand: a module that says its version."""
    folder.mkdir(parents=True, exist_ok=True)
    wheel = folder / f"{name}-{version}-py3-none-any.whl"
    info = f"{name}-{version}.dist-info"
    files = {
        f"{name}.py": f"VERSION = {version!r}\n",
        f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n",
        f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: by-hand\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = []
    with zipfile.ZipFile(wheel, "w") as archive:
        for path, text in files.items():
            archive.writestr(path, text)
            digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
            record.append(f"{path},sha256={digest},{len(text.encode())}")
        archive.writestr(f"{info}/RECORD", "\n".join([*record, f"{info}/RECORD,,"]) + "\n")
    return wheel


def lock_for(wheel: Path, tmp_path: Path, tamper: bool = False) -> Path:
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if tamper:
        digest = digest[::-1]
    lock = tmp_path / ("tampered.txt" if tamper else "lock.txt")
    lock.write_text(f"course-probe==1.0 \\\n    --hash=sha256:{digest}\n")
    return lock


@pytest.fixture
def bare_venv(tmp_path: Path) -> Path:
    """A venv with no pip in it, as course.py makes them."""
    venv.create(tmp_path / "venv", with_pip=False)
    return course.python_in(tmp_path / "venv")


def offline_with_wheels(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, for_uv: bool = True) -> Path:
    """No index for pip or uv; the probe wheel in a folder that pip (and uv if `for_uv`) reads."""
    wheels = make_wheel(tmp_path / "wheels").parent
    for name, value in {**OFFLINE, "PIP_FIND_LINKS": str(wheels), "UV_CACHE_DIR": str(tmp_path / "uv-cache")}.items():
        monkeypatch.setenv(name, value)
    if for_uv:
        monkeypatch.setenv("UV_FIND_LINKS", str(wheels))
    return wheels / "course_probe-1.0-py3-none-any.whl"


def probe_version(python: Path) -> str:
    probe = subprocess.run([str(python), "-c", "import course_probe; print(course_probe.VERSION)"],
                           capture_output=True, text=True)
    return probe.stdout + probe.stderr


TESTS_UV = shutil.which("uv", path=str(Path(sys.executable).parent))  # requirements/tests.in pins it


@pytest.mark.parametrize("installer", ["uv", "pip"])
def test_the_lock_installs_with_uv_or_pip_and_a_wrong_hash_is_refused(
    installer: str, bare_venv: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    wheel = offline_with_wheels(monkeypatch, tmp_path)
    uv = TESTS_UV if installer == "uv" else None
    assert installer == "pip" or uv
    with pytest.raises(SystemExit, match="(?s)THESE PACKAGES DO NOT MATCH THE HASHES.*This step failed"):
        course.install_packages(bare_venv, lock_for(wheel, tmp_path, tamper=True), uv)  # pip's words
    if uv:
        assert "Hash mismatch" in capfd.readouterr().err  # uv's, before pip tried
    assert probe_version(bare_venv).startswith("Traceback")
    assert course.install_packages(bare_venv, lock_for(wheel, tmp_path), uv) is (installer == "uv")
    assert probe_version(bare_venv) == "1.0\n"


def test_when_uv_cannot_reach_the_packages_pip_installs_them(
    bare_venv: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """pip set up with a source of packages of its own (here a folder; often a company's mirror
    in pip.conf), which uv does not read: uv fails, and pip installs the lock instead."""
    wheel = offline_with_wheels(monkeypatch, tmp_path, for_uv=False)
    assert course.install_packages(bare_venv, lock_for(wheel, tmp_path), TESTS_UV) is False
    assert "uv could not install the packages (above), so pip tries" in capfd.readouterr().out
    assert probe_version(bare_venv) == "1.0\n"


def test_a_venv_is_current_only_while_its_stamp_matches_what_it_was_built_from(tmp_path: Path) -> None:
    """After a `git pull` that changes the lock, the venv is built again: its stamp's content
    is compared, not only its presence."""
    target = tmp_path / "venv"
    course.python_in(target).parent.mkdir(parents=True)
    course.python_in(target).symlink_to(sys.executable)
    lock = tmp_path / "lock.txt"
    lock.write_text("course-probe==1.0\n")
    assert not course.is_current(target, sys.executable, lock)  # no stamp yet
    (target / "course-stamp").write_text(course.stamp_of(sys.executable, [lock, course.ROOT / "pyproject.toml"]))
    assert course.is_current(target, sys.executable, lock)
    lock.write_text("course-probe==2.0\n")  # the pull
    assert not course.is_current(target, sys.executable, lock)


def test_a_venv_without_pip_still_gets_a_pip_to_bootstrap_with(bare_venv: Path) -> None:
    pip = course.pip_for(bare_venv)
    assert pip is not None
    version = subprocess.run([*pip, "--version"], capture_output=True, text=True)
    assert version.returncode == 0 and version.stdout.startswith("pip "), version.stderr


def test_when_uv_cannot_be_had_set_up_falls_back_to_pip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """PyPI out of reach (no index, nothing in the links): uv cannot be installed, and the
    set-up says so and goes on with pip instead of failing."""
    monkeypatch.setattr(course, "UV_VENV", tmp_path / "uv")
    for name, value in {**OFFLINE, "PIP_FIND_LINKS": str(tmp_path)}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("COURSE_INSTALLER", raising=False)
    assert course.tool_uv() is None
    assert "uv could not be installed, so pip installs the packages" in capsys.readouterr().out
    with pytest.raises(SystemExit, match="`lock` needs it"):
        course.tool_uv(required=True)
    monkeypatch.setenv("COURSE_INSTALLER", "pip")  # asked for: pip, without trying uv
    assert course.tool_uv() is None
    assert capsys.readouterr().out == ""


# --- the learner's copies ---------------------------------------------------------------------


@pytest.fixture
def work(tmp_path: Path) -> Path:
    return tmp_path / "my-work"


def test_first_start_copies_every_lesson_and_never_replaces_a_copy(work: Path) -> None:
    made = course.copy_new_lessons(work)
    assert [copy.name for copy in made] == [lesson.name for lesson in course.lesson_files()]
    mine = work / course.lesson_files()[3].name
    mine.write_text("my edits")
    (work / course.lesson_files()[5].name).unlink()  # deleted by the learner: copied again
    assert course.copy_new_lessons(work) == [work / course.lesson_files()[5].name]
    assert mine.read_text() == "my edits"


def test_restore_keeps_the_learners_copy_aside(work: Path) -> None:
    lesson = course.find_lesson("03")
    course.copy_new_lessons(work)
    (work / lesson.name).write_text("first try")
    assert course.restore("3", work) == work / "old" / f"{lesson.stem}-1.ipynb"
    (work / lesson.name).write_text("second try")
    assert course.restore(lesson.stem, work) == work / "old" / f"{lesson.stem}-2.ipynb"
    assert (work / "old" / f"{lesson.stem}-1.ipynb").read_text() == "first try"
    assert (work / "old" / f"{lesson.stem}-2.ipynb").read_text() == "second try"
    assert (work / lesson.name).read_bytes() == lesson.read_bytes()


def test_restore_without_a_copy_makes_one(work: Path) -> None:
    lesson = course.find_lesson("notebooks/01-first-app.ipynb")
    assert course.restore("01-first-app.ipynb", work) == work / lesson.name
    assert (work / lesson.name).read_bytes() == lesson.read_bytes()
    assert not (work / "old").exists()


def test_restore_and_lab_say_in_one_line_when_my_work_or_old_is_a_file(tmp_path: Path) -> None:
    clone = tmp_path / "clone"  # course.py and the lessons: `restore` needs nothing else
    clone.mkdir()
    shutil.copy2(course.ROOT / "course.py", clone / "course.py")
    (clone / "notebooks").symlink_to(course.LESSONS)
    (clone / "my-work").write_text("not a folder")
    restore = [sys.executable, str(clone / "course.py"), "restore", "03"]
    result = subprocess.run(restore, cwd=clone, capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        "my-work is a file, but the course keeps your copies of the lessons in a folder of that name: "
        "rename or move the file, then run the command again.\n"
    )
    with pytest.raises(SystemExit, match="my-work is a file, but the course keeps"):
        course.copy_new_lessons(clone / "my-work")  # what `lab` does once the venv is set up
    (clone / "my-work").unlink()
    (clone / "my-work").mkdir()
    (clone / "my-work" / "old").write_text("not a folder either")
    subprocess.run(restore, cwd=clone, check=True, capture_output=True, timeout=60)  # a first copy
    result = subprocess.run(restore, cwd=clone, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and result.stderr.startswith("my-work/old is a file")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


@pytest.mark.parametrize("name", ["1", "01", "10", "16", "01-first-app", "notebooks/14-middleware.ipynb"])
def test_a_lesson_is_found_by_number_or_name(name: str) -> None:
    number = int(re.match(r"(?:notebooks/)?(\d+)", name).group(1))  # type: ignore[union-attr]
    assert int(course.find_lesson(name).name[:2]) == number


@pytest.mark.parametrize("name", ["99", "", "x", "../README.md", "0-1", "first-app", "-1"])
def test_an_unknown_lesson_is_refused_with_the_list(name: str, work: Path) -> None:
    with pytest.raises(SystemExit, match="There is no lesson .*\n  00-welcome"):
        course.restore(name, work)
    assert not work.exists()


def test_commands_it_does_not_know_show_the_usage() -> None:
    for argv in (["labb"], ["restore"], ["restore", "1", "2"], ["lock", "--bogus"], []):
        result = subprocess.run([sys.executable, str(course.ROOT / "course.py"), *argv], capture_output=True, text=True)
        assert (result.returncode, result.stdout.count("python3 course.py lab")) == (2, 1), argv


# --- `python3 course.py lab` ------------------------------------------------------------------


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """The repository's files in a temporary folder, with the repository's .venv: `lab` runs
    there as in a clone, and its copies of the lessons land there."""
    if not course.is_current(course.VENV, sys.executable, course.LESSONS_LOCK):
        pytest.skip("the learner's .venv is missing or stale: `python3 course.py test` builds it")
    folder = tmp_path / "clone"
    tracked = subprocess.run(["git", "ls-files"], cwd=course.ROOT, capture_output=True, text=True, check=True)
    for name in tracked.stdout.splitlines():
        if (course.ROOT / name).is_file():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(course.ROOT / name, folder / name)
    (folder / ".venv").symlink_to(course.VENV)
    return folder


def start_lab(clone: Path, *options: str) -> subprocess.Popen[str]:
    jupyter = clone.parent / "jupyter"
    # First on PATH, another Python's `jupyter-lab`, as a pyenv shim puts there: the course's
    # own JupyterLab must still be the one that runs.
    strangers = clone.parent / "other-python-bin"
    strangers.mkdir(exist_ok=True)
    (strangers / "jupyter-lab").write_text("#!/bin/sh\necho \"another Python's jupyter-lab ran\" >&2\nexit 3\n")
    (strangers / "jupyter-lab").chmod(0o755)
    env = {
        **os.environ,
        "PATH": f"{strangers}{os.pathsep}{os.environ.get('PATH', '')}",
        "JUPYTER_CONFIG_DIR": str(jupyter / "config"), "JUPYTER_RUNTIME_DIR": str(jupyter / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(jupyter / "settings"), "JUPYTERLAB_WORKSPACES_DIR": str(jupyter / "workspaces"),
    }
    env.pop("JUPYTERHUB_SERVICE_PREFIX", None)
    return subprocess.Popen(
        [sys.executable, str(clone / "course.py"), "lab", "--no-browser", *options],
        cwd=clone, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,  # as a terminal runs it: Ctrl-C goes to this process group
        # As from a background job, whose children ignore SIGINT: course.py must still stop.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )


def kill_everything(process: subprocess.Popen[str], clone: Path) -> None:
    """After a failure: course.py's group, and JupyterLab, which runs in a session of its own
    (its pid is in the name of the file it writes in its runtime folder)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    for server in (clone.parent / "jupyter" / "runtime").glob("jpserver-*.json"):
        try:
            os.kill(int(server.stem.removeprefix("jpserver-")), signal.SIGTERM)
        except (ValueError, ProcessLookupError):
            pass


def wait_for_line(process: subprocess.Popen[str], pattern: str, seen: list[str], timeout: float = 120) -> str:
    deadline = time.monotonic() + timeout
    for line in process.stdout:  # type: ignore[union-attr]
        seen.append(line)
        if re.search(pattern, line):
            return line
        if time.monotonic() > deadline:
            break
    raise AssertionError(f"no line matching {pattern!r} in:\n{''.join(seen)[-3000:]}")


def test_lab_opens_the_learners_copy_of_lesson_00_and_ctrl_c_stops_it_cleanly(clone: Path) -> None:
    port = free_port()
    process = start_lab(clone, f"--port={port}")
    seen: list[str] = []
    try:
        line = wait_for_line(process, r"http://127\.0\.0\.1:\d+/\S*token=", seen)
        address = re.search(r"http://\S+", line).group(0)  # type: ignore[union-attr]
        assert address.startswith(f"http://127.0.0.1:{port}/lab/tree/my-work/00-welcome.ipynb?token=")
        token = address.split("token=")[1]
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", trust_env=False, timeout=30) as client:
            page = client.get(address)
            assert page.status_code == 200 and '"treePath": "my-work/00-welcome.ipynb"' in page.text
            root = client.get("/api/contents", params={"token": token}).json()
            names = {item["name"] for item in root["content"]}
            assert {"README.md", "workshop", "helpers", "my-work", "notebooks"} <= names
            kernel = client.post("/api/kernels", params={"token": token}, json={"name": "python3"}).json()["id"]
            wait_until_kernel_answers(f"ws://127.0.0.1:{port}/api/kernels/{kernel}/channels?token={token}")
        copies = sorted(path.name for path in (clone / "my-work").glob("*.ipynb"))
        assert copies == [lesson.name for lesson in course.lesson_files()]
        os.killpg(process.pid, signal.SIGINT)  # Ctrl-C in the terminal
        output, _ = process.communicate(timeout=60)
    finally:
        kill_everything(process, clone)
    output = "".join(seen) + output
    assert process.returncode == 0, output[-3000:]
    assert "Traceback" not in output and "JupyterLab stopped." in output, output[-3000:]
    assert port_is_free(port)
    if Path("/proc").exists():  # the kernel stopped with JupyterLab
        lines = [path.read_bytes() for path in Path("/proc").glob("[0-9]*/cmdline") if _readable(path)]
        assert not [line for line in lines if kernel.encode() in line]
    # The copies still import helpers, and nothing in git's view of the clone changed.
    check = subprocess.run([str(clone / ".venv" / "bin" / "python"), "-c", "import helpers"], cwd=clone / "my-work")
    assert check.returncode == 0


def wait_until_kernel_answers(channels: str) -> None:
    """Ask the kernel for its info, as JupyterLab does when it opens a notebook: a learner's
    kernel has long started when they press Ctrl-C."""
    request = {
        "header": {"msg_id": "info", "msg_type": "kernel_info_request", "username": "", "session": "test",
                   "version": "5.3", "date": ""},
        "parent_header": {}, "metadata": {}, "content": {}, "channel": "shell",
    }
    with connect(channels, open_timeout=60) as socket:
        socket.send(json.dumps(request))
        deadline = time.monotonic() + 120
        while json.loads(socket.recv(timeout=max(deadline - time.monotonic(), 0.1)))["msg_type"] != "kernel_info_reply":
            pass


def _readable(path: Path) -> bool:
    try:
        path.read_bytes()
        return True
    except OSError:
        return False


def test_lab_refuses_an_option_jupyterlab_would_ignore(clone: Path) -> None:
    process = start_lab(clone, f"--port={free_port()}", "--prot=9000")
    try:
        output, _ = process.communicate(timeout=120)
    finally:
        kill_everything(process, clone)
    assert process.returncode == 2, output[-3000:]
    assert "JupyterLab does not know the option 'prot'" in output
    assert "Traceback" not in output


@pytest.mark.skipif(os.name == "nt", reason="the set-up lock is POSIX flock")
def test_a_second_set_up_waits_for_the_first() -> None:
    """Two set-ups at once in one clone built the same venvs together, and uv then installed
    the tests' lock into the Python that made them (it broke CI once): the second one waits."""
    import fcntl

    with open(course.EXTRA_VENVS.parent / "set-up.lock", "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # as a first course.py does while it sets up
        second = subprocess.Popen([sys.executable, "-c", "import course; course.alone(print)('done')"],
                                  cwd=course.ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            with pytest.raises(subprocess.TimeoutExpired):
                second.communicate(timeout=5)
        finally:
            fcntl.flock(held, fcntl.LOCK_UN)
        output, _ = second.communicate(timeout=120)
    assert second.returncode == 0 and output == "Another course.py is setting up this folder: waiting for it to finish...\ndone\n", output
    for set_up in (course.tool_uv, course.make_venv, course.set_up_binder_like, course.set_up_colab_like, course.set_up_floors):
        assert set_up.__wrapped__, set_up  # every set-up that builds a venv holds the lock

"""JupyterHub for a workshop room, on one machine: each learner logs in with a name of their
choice and the room's password, and gets JupyterLab with their own copy of the lessons.

    .cache/venvs/test/bin/python workshop/hub.py set-up          # once: configurable-http-proxy from npm
    COURSE_HUB_PASSWORD='a room password' .cache/venvs/test/bin/jupyterhub -f workshop/jupyterhub_config.py

Read workshop/README.md ("A room on one JupyterHub") first: with this spawner every learner
runs as the same system user, so learners are NOT isolated from each other. Settings come
from environment variables, so the file itself needs no edit:

    COURSE_HUB_PASSWORD   the room's password (8+ characters); required
    COURSE_HUB_URL        where the hub listens (default http://127.0.0.1:8000; put TLS in
                          front of it, or set JupyterHub.ssl_cert/ssl_key, before opening it
                          to the room)
    COURSE_HUB_STATE      the hub's database, secrets and the learners' folders
                          (default .cache/hub in the course folder)
    COURSE_HUB_RUNTIME    where the learners' kernels put their sockets: a short path, as a
                          socket's path has at most about 100 characters (default
                          /tmp/course-hub-XXXXXXXX, one per STATE)
    COURSE_HUB_ADMINS     the instructors' names, comma-separated (optional): they log in with
    COURSE_HUB_ADMIN_PASSWORD  this password (32+ characters) instead of the room's, are the
                          hub's admins, and open the room dashboard
    COURSE_ROOM_URL       where the room dashboard (workshop/room/) listens, on this machine
                          (default http://127.0.0.1:8100); the instructor opens it at the
                          hub's /services/room/
    COURSE_ROOM_INSTRUCTORS  the hub group whose members may open the dashboard, besides the
                          hub's admins (default: instructors)
    COURSE_ROOM_DATABASE  the dashboard's SQLAlchemy URL (default: room.sqlite in STATE)
"""

import hashlib
import os
import shutil
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (JupyterHub defines it when it reads this file)

COURSE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(COURSE / "workshop"))
from hub import proxy_command  # noqa: E402

STATE = Path(os.environ.get("COURSE_HUB_STATE", COURSE / ".cache" / "hub")).resolve()
STATE.mkdir(parents=True, exist_ok=True)
VENV_BIN = Path(sys.executable).parent  # the course's .venv: JupyterLab and the lessons' packages

c.JupyterHub.bind_url = os.environ.get("COURSE_HUB_URL", "http://127.0.0.1:8000")
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")
c.ConfigurableHTTPProxy.command = [proxy_command() or "configurable-http-proxy"]

# Logging in: any name, with the password the instructor writes on the board. Anyone who has
# it can log in under any name; for more, use an OAuthenticator (GitHub, Google...).
c.JupyterHub.authenticator_class = "shared-password"
c.Authenticator.allow_all = True
c.SharedPasswordAuthenticator.user_password = os.environ.get("COURSE_HUB_PASSWORD", "")
if len(c.SharedPasswordAuthenticator.user_password) < 8:
    sys.exit("Set COURSE_HUB_PASSWORD to the room's password (8 characters or more).")
if os.environ.get("COURSE_HUB_ADMINS"):  # the instructors: their own password, which learners never see
    c.Authenticator.admin_users = {name.strip() for name in os.environ["COURSE_HUB_ADMINS"].split(",") if name.strip()}
    c.SharedPasswordAuthenticator.admin_password = os.environ.get("COURSE_HUB_ADMIN_PASSWORD", "")

# Each learner's JupyterLab runs from the course's .venv, in a folder of their own that gets
# a copy of the lessons on first start (later starts keep the learner's edits).
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(STATE / "learners" / "{username}")
c.Spawner.cmd = [str(VENV_BIN / "jupyterhub-singleuser")]
# Kernels talk to their learner's server over Unix sockets, not over TCP ports of 127.0.0.1:
# when a room's kernels start at once, two servers can pick the same "free" port (the hub
# test saw a kernel get another kernel's heartbeats), and no learner's code can then connect
# to another learner's kernel.
c.Spawner.args = [
    *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []),
    "--KernelManager.transport=ipc",
]
STATE_ID = hashlib.sha256(str(STATE).encode()).hexdigest()[:8]
RUNTIME = Path(os.environ.get("COURSE_HUB_RUNTIME", f"/tmp/course-hub-{STATE_ID}"))


def runtime_folder(spawner) -> str:  # type: ignore[no-untyped-def]
    """A learner's own short folder for their kernels' sockets (Jupyter creates it, private)."""
    return str(RUNTIME / hashlib.sha256(spawner.user.name.encode()).hexdigest()[:12])


c.Spawner.default_url = "/lab/tree/notebooks/00-welcome.ipynb"
ROOM_URL = os.environ.get("COURSE_ROOM_URL", "http://127.0.0.1:8100").rstrip("/")


def room_url(spawner) -> str:  # type: ignore[no-untyped-def]
    """Where helpers.room sends each check's result; empty (nothing sent, nothing said) when a
    configuration that loads this one leaves the room service out."""
    services = c.JupyterHub.services
    return f"{ROOM_URL}/services/room/" if any(service.get("name") == "room" for service in services) else ""


c.Spawner.environment = {
    "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
    "JUPYTER_RUNTIME_DIR": runtime_folder,
    "COURSE_ROOM_URL": room_url,
}
# A room logs in within a few minutes: servers start together, so give them time.
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
# Measured per learner (workshop/README.md); enforced only by spawners that isolate learners
# (SystemdSpawner, DockerSpawner, KubeSpawner): this one passes them on as MEM_LIMIT/CPU_LIMIT.
c.Spawner.mem_limit = "1G"
c.Spawner.cpu_limit = 1.0


def copy_lessons(spawner) -> None:  # type: ignore[no-untyped-def]
    """Give a learner their own copy of the lessons, once: their edits never touch the course."""
    lessons = Path(spawner.home_dir) / "notebooks"
    if not lessons.exists():
        shutil.copytree(COURSE / "notebooks", lessons, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))


c.Spawner.pre_spawn_hook = copy_lessons


# The room dashboard (workshop/room/, README "The room dashboard"): learners' kernels report
# each check to it with their own hub token; the instructor opens /services/room/ at the hub.
# Only users with the scope access:services!service=room get in: the hub's admins (set
# c.Authenticator.admin_users), and the members of the instructors' group.
INSTRUCTORS = os.environ.get("COURSE_ROOM_INSTRUCTORS", "instructors")
c.JupyterHub.services = [
    {
        "name": "room",
        "url": ROOM_URL,
        "command": [sys.executable, str(COURSE / "workshop" / "room" / "app.py")],
        "cwd": str(STATE),
        "environment": {"COURSE_ROOM_DATABASE": os.environ.get("COURSE_ROOM_DATABASE", f"sqlite:///{STATE / 'room.sqlite'}")},
        "oauth_no_confirm": True,  # the instructor's own dashboard: no "authorize access?" page
    }
]
c.JupyterHub.load_groups = {INSTRUCTORS: {"users": []}}  # add instructors in the hub's admin page
c.JupyterHub.load_roles = [
    {"name": "room-instructor", "scopes": ["access:services!service=room"], "groups": [INSTRUCTORS]},
]

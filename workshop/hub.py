"""The workshop hub's one piece that does not come from PyPI: configurable-http-proxy (npm).

    .cache/venvs/test/bin/python workshop/hub.py set-up   # once, with the internet: npm install into .cache/
    .cache/venvs/test/bin/jupyterhub -f workshop/jupyterhub_config.py   # then, the hub (see README.md)

JupyterHub (pinned in environment.yml) sends every browser request through
configurable-http-proxy, a Node.js program. It is installed into `.cache/node` (ignored by
git), at the version pinned here, so that the hub and its test never need the internet later.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROXY_VERSION = "5.3.0"  # configurable-http-proxy, from npm
NODE_FOLDER = ROOT / ".cache" / "node"
INSTALLED_PROXY = NODE_FOLDER / "node_modules" / ".bin" / "configurable-http-proxy"


def proxy_command() -> str | None:
    """The configurable-http-proxy to run: the one `set_up` installed, else one on PATH, else None."""
    if INSTALLED_PROXY.exists():
        return str(INSTALLED_PROXY)
    return shutil.which("configurable-http-proxy")


def set_up() -> str:
    """Install the pinned configurable-http-proxy into .cache/node, unless it is there already.

    Needs npm (Node.js 18+) and the npm registry. Returns the proxy's path; raises
    RuntimeError saying what to install when npm is missing or the install fails.
    """
    if INSTALLED_PROXY.exists() and _installed_version() == PROXY_VERSION:
        return str(INSTALLED_PROXY)
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is not installed: install Node.js 18 or newer (it brings npm), then run this again")
    NODE_FOLDER.mkdir(parents=True, exist_ok=True)
    command = [npm, "install", "--prefix", str(NODE_FOLDER), "--no-audit", "--no-fund", "--silent",
               f"configurable-http-proxy@{PROXY_VERSION}"]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0 or not INSTALLED_PROXY.exists():
        raise RuntimeError(f"npm could not install configurable-http-proxy:\n{result.stdout}{result.stderr}")
    return str(INSTALLED_PROXY)


def _installed_version() -> str:
    manifest = NODE_FOLDER / "node_modules" / "configurable-http-proxy" / "package.json"
    return json.loads(manifest.read_text()).get("version", "") if manifest.exists() else ""


if __name__ == "__main__":
    if sys.argv[1:] != ["set-up"]:
        sys.exit(__doc__)
    try:
        print("configurable-http-proxy is at", set_up())
    except RuntimeError as error:
        sys.exit(str(error))

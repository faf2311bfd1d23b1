"""The places a lesson runs, simulated: what each sets in the kernel's environment, and the
address the learner's browser must get for a lesson's app there.

- Colab: a stand-in `google.colab.output` module whose `eval_js` answers as Colab's browser
  side does for `google.colab.kernel.proxyPort(PORT)`.
- Codespaces: the two variables GitHub sets in a codespace.
- JupyterHub or Binder: the hub's prefix of the learner's server.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

COLAB_HOST = "-colab.googleusercontent.com"
COLAB_OUTPUT = f'''"""Stand-in for Colab's google.colab.output (tests/places.py)."""
import re

calls = []


def eval_js(script, ignore_result=False, timeout_sec=None):
    calls.append((script, timeout_sec))
    port = re.fullmatch(r"google\\.colab\\.kernel\\.proxyPort\\((\\d+)\\)", script)
    if port is None:
        raise ValueError("the stand-in only knows proxyPort: " + script)
    return "https://" + port[1] + "-m-s-1a2b3c{COLAB_HOST}/"
'''
CODESPACE = {"CODESPACE_NAME": "ada-fastapi-course-x7g9", "GITHUB_CODESPACES_PORT_FORWARDING_DOMAIN": "app.github.dev"}
HUB_PREFIX = "/user/ada/"

# For each place: the environment variables it sets, and the docs link it must give (a regex
# whose group is the app's port).
DOCS_LINKS = {
    "local": r"http://127\.0\.0\.1:(\d+)/docs",
    "colab": rf"https://(\d+)-m-s-1a2b3c{re.escape(COLAB_HOST)}/docs",
    "codespaces": rf"https://{CODESPACE['CODESPACE_NAME']}-(\d+)\.app\.github\.dev/docs",
    "hub": rf"{HUB_PREFIX}proxy/(\d+)/docs",
}


def colab_stand_in(folder: Path) -> Path:
    """Write a `google.colab` package into `folder` (put it on PYTHONPATH); returns `folder`."""
    package = folder / "google" / "colab"
    package.mkdir(parents=True)
    (folder / "google" / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "output.py").write_text(COLAB_OUTPUT)
    return folder


def environment(place: str, scratch: Path) -> dict[str, str]:
    """The variables a kernel in `place` has (a folder for the Colab stand-in is needed)."""
    if place == "colab":
        return {"PYTHONPATH": str(colab_stand_in(scratch))}
    if place == "codespaces":
        return dict(CODESPACE)
    if place == "hub":
        return {"JUPYTERHUB_SERVICE_PREFIX": HUB_PREFIX}
    return {}


def as_stored(place: str, hub_prefix: str = HUB_PREFIX) -> Callable[[str], str]:
    """Turns a lesson's fresh outputs in `place` into the form stored in the notebooks (which
    were run locally): the place's docs link becomes the local one, and on a hub uvicorn's
    access log loses the proxy prefix (it prints a request's path after the app's root_path)."""
    link = DOCS_LINKS["hub"].replace(HUB_PREFIX, hub_prefix) if place == "hub" else DOCS_LINKS[place]

    def normalize(text: str) -> str:
        text = re.sub(rf'(?<=[\s"]){link}', "http://127.0.0.1:PORT/docs", text)
        if place == "hub":
            text = re.sub(rf"(?<=GET ){hub_prefix}proxy/\d+", "", text)
        return text

    return normalize

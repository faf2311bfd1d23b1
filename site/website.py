"""Build the course as a website from the committed notebooks and their stored outputs.

    python3 course.py site            # build into .cache/site/html
    python3 course.py site --serve    # build, then serve it on http://127.0.0.1:8800/

Nothing is executed: myst-nb renders the outputs stored in each notebook (site/conf.py sets
`nb_execution_mode = "off"`). Every file a page loads is in the site, so it works offline.
Mermaid's script is the one exception to "installed from PyPI": it comes from the npm registry
once, at a pinned version checked against its published hash, into .cache/vendor/.
"""

from __future__ import annotations

import argparse
import base64
import functools
import hashlib
import http.server
import io
import os
import shutil
import sys
import tarfile
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONF = ROOT / "site"
BUILD = ROOT / ".cache" / "site"
# The pages: the site's home (site/index.md), every lesson, the instructor guide.
PAGES = {CONF / "index.md": "index.md", ROOT / "workshop" / "README.md": "workshop/README.md"}
# The version sphinxcontrib-mermaid 2.1.1 was released against, and npm's hash of its package.
MERMAID_VERSION = "11.12.1"
MERMAID_INTEGRITY = "sha512-UlIZrRariB11TY1RtTgUWp65tphtBv4CSq7vyS2ZZ2TgoMjs2nloq+wFqxiwcxlhHUvs7DPGgMjs2aeQxz5h9g=="
MERMAID_TARBALL = f"https://registry.npmjs.org/mermaid/-/mermaid-{MERMAID_VERSION}.tgz"
VENDOR = ROOT / ".cache" / "vendor" / f"mermaid-{MERMAID_VERSION}"  # an html_static_path folder
# The hub each lesson's JupyterHub button opens (nbgitpuller pulls the course into it). The
# default is JupyterHub's own address on the machine it runs on; build with --hub (or set
# COURSE_JUPYTERHUB_URL) to point learners at a workshop's hub.
DEFAULT_HUB = "http://localhost:8000"


def vendor_mermaid(target: Path = VENDOR) -> Path:
    """Put mermaid's ES module and its chunks in `target`/mermaid/, unless already there.

    Returns `target`. Downloads about 14 MB from the npm registry the first time only, and
    raises SystemExit with what to do when the registry cannot be reached or the download
    does not match the pinned hash (a changed or corrupted package is never used).
    """
    if (target / "mermaid" / "mermaid.esm.min.mjs").exists():
        return target
    print(f"Fetching mermaid {MERMAID_VERSION} from the npm registry (once; kept in {target})...")
    try:
        with urllib.request.urlopen(MERMAID_TARBALL, timeout=120) as response:
            tarball = response.read()
    except OSError as error:
        raise SystemExit(
            f"Could not download {MERMAID_TARBALL} ({error}).\nThe site's diagrams need it once: "
            "run this command again with internet access; after that it builds offline."
        ) from None
    digest = "sha512-" + base64.b64encode(hashlib.sha512(tarball).digest()).decode()
    if digest != MERMAID_INTEGRITY:
        raise SystemExit(f"{MERMAID_TARBALL} does not match its pinned hash; not using it.")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=f"{target.name}.", dir=target.parent))
    with tarfile.open(fileobj=io.BytesIO(tarball)) as archive:
        for member in archive.getmembers():
            name = member.name.removeprefix("package/")
            wanted = name == "LICENSE" or (name.startswith("dist/mermaid.esm.min") and name.endswith(".mjs"))
            wanted = wanted or (name.startswith("dist/chunks/mermaid.esm.min/") and name.endswith(".mjs"))
            if member.isfile() and wanted and ".." not in Path(name).parts:
                path = partial / "mermaid" / name.removeprefix("dist/")
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(archive.extractfile(member).read())  # type: ignore[union-attr]
    if not (target / "mermaid" / "mermaid.esm.min.mjs").exists():
        shutil.rmtree(target, ignore_errors=True)  # a folder someone emptied by hand
    try:
        partial.rename(target)  # all or nothing: an interrupted download leaves no half folder
    except OSError:  # another build put it there in the meantime
        shutil.rmtree(partial, ignore_errors=True)
    return target


def stage(source: Path) -> bool:
    """Copy the pages into `source`, laid out as in the repository (so each lesson's launch
    links name its path there). Copies keep their times, so Sphinx rebuilds only what changed.

    Returns True when a page of an earlier build is gone (a lesson renamed or removed)."""
    pages = {**PAGES, **{path: f"notebooks/{path.name}" for path in sorted(ROOT.glob("notebooks/[0-9][0-9]-*.ipynb"))}}
    wanted, removed = set(pages.values()), False
    for old in source.rglob("*"):
        if old.is_file() and old.relative_to(source).as_posix() not in wanted:
            old.unlink()
            removed = True
    for page, name in pages.items():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(page, source / name)
    return removed


def build(out: Path = BUILD) -> Path:
    """Build the site into `out`/html (the staged pages and Sphinx's cache go beside it).

    Returns the html folder. Raises SystemExit when Sphinx reports an error or a warning:
    a broken reference or an unreadable notebook fails the build instead of a page.
    """
    from sphinx.cmd.build import build_main

    vendor_mermaid()
    if stage(out / "source"):  # Sphinx would keep the old page: build everything anew
        shutil.rmtree(out / "html", ignore_errors=True)
        shutil.rmtree(out / "doctrees", ignore_errors=True)
    args = ["-b", "html", "-c", str(CONF), "-d", str(out / "doctrees"), "-W", "--keep-going", "-q"]
    if build_main([*args, str(out / "source"), str(out / "html")]) != 0:
        raise SystemExit("The site did not build: see Sphinx's messages above.")
    return out / "html"


class Handler(http.server.SimpleHTTPRequestHandler):
    # Browsers run an ES module (mermaid) only when it is served as JavaScript.
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".mjs": "text/javascript"}

    def log_message(self, format: str, *args: object) -> None:  # keep the terminal quiet
        pass


def serve(html: Path, port: int) -> None:
    """Serve `html` on 127.0.0.1:`port` until Ctrl-C (opening the files directly does not
    draw the diagrams: browsers refuse ES modules from file:// pages)."""
    handler = functools.partial(Handler, directory=str(html))
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as error:
        raise SystemExit(f"Cannot serve on 127.0.0.1:{port} ({error.strerror}): choose another port with --port.") from None
    with server:
        print(f"Serving the course's website on http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C stops it)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="course.py site", description=__doc__.split("\n\n")[0])
    parser.add_argument("--serve", action="store_true", help="serve the site on 127.0.0.1 after building it")
    parser.add_argument("--port", type=int, default=8800, help="the port to serve on (default 8800; 0: any free one)")
    hub = os.environ.get("COURSE_JUPYTERHUB_URL", DEFAULT_HUB)
    parser.add_argument("--hub", default=hub, help=f"the JupyterHub the launch buttons open (default {hub})")
    parser.add_argument("--out", type=Path, default=BUILD, help=f"the build folder (default {BUILD.relative_to(ROOT)})")
    options = parser.parse_args(argv)
    os.environ["COURSE_JUPYTERHUB_URL"] = options.hub  # site/conf.py reads it
    html = build(options.out.resolve())
    print(f"The course's website is in {html}")
    if options.serve:
        serve(html, options.port)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

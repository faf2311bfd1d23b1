"""Sphinx configuration of the course's website; build it with `python3 course.py site`.

Pages: index.md (this folder), every lesson (notebooks/), the instructor guide (workshop/).
site/website.py copies them into the build folder and runs Sphinx with this file.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "workshop")]
import tables  # noqa: E402  (workshop/tables.py: the lesson index, the repository's name)
import website  # noqa: E402

project = "FastAPI, live"
author = "the course's authors"
copyright = "the course's authors"
extensions = ["myst_nb", "sphinxcontrib.mermaid"]
root_doc = "index"

# --- Notebooks: render the stored outputs, never run anything --------------------------
nb_execution_mode = "off"
nb_ipywidgets_js: dict[str, dict[str, str]] = {}  # no require.js and widget manager from a CDN
myst_fence_as_directive = ["mermaid"]  # ```mermaid blocks become diagrams, as in JupyterLab
myst_heading_anchors = 3  # links to sections (#...) inside a page resolve
myst_enable_extensions = ["tasklist"]  # the guide's "- [ ]" checklist as checkboxes, as on GitHub
# No math: a page with math would load MathJax from a CDN (tests/test_site.py would fail).

# --- Mermaid: the script is served by the site itself, never by a CDN ------------------
mermaid_use_local = "mermaid/mermaid.esm.min.mjs"  # under html_static_path, from website.py
mermaid_version = website.MERMAID_VERSION
mermaid_include_elk = False  # the ELK layout would load from a CDN; no lesson needs it
mermaid_d3_zoom = False  # d3 would load from a CDN too
mermaid_height = "auto"  # each diagram as tall as it is drawn (the default box is 500px)
mermaid_fullscreen = False  # its button's glyph (U+26F6) is missing from common fonts

# --- Theme: sphinx-book-theme ships its CSS, JS and icons; it loads no web fonts ---------
html_theme = "sphinx_book_theme"
html_title = "FastAPI, live"
html_static_path = [str(website.VENDOR), "static"]
html_css_files = ["course.css"]
html_context = {"default_mode": "auto"}  # light or dark as the reader's system says (unset: a console error)
html_last_updated_fmt = None
html_use_index = False  # no empty "Index" page: the lessons define no index entries
html_show_sourcelink = False
html_copy_source = True  # the download button offers each lesson's .ipynb

repository = f"https://github.com/{tables.BINDER_REPOSITORY}"
html_theme_options = {
    "repository_url": repository,
    "repository_branch": tables.BINDER_BRANCH,
    "path_to_docs": "",  # website.py lays the pages out as in the repository
    "use_repository_button": True,
    "use_download_button": True,
    "use_fullscreen_button": True,
    "launch_buttons": {
        "notebook_interface": "jupyterlab",
        "binderhub_url": "https://mybinder.org",
        "colab_url": "https://colab.research.google.com",
        # nbgitpuller's link: the hub clones (or updates) the course, then opens the lesson.
        "jupyterhub_url": os.environ.get("COURSE_JUPYTERHUB_URL", website.DEFAULT_HUB),
    },
    "show_toc_level": 2,
    "navbar_persistent": [],  # the sidebar has the search field: no second one in a top bar
}


def offline_index(text: str) -> str:
    """The README's lesson index, with its badge images turned into text links: an image
    from another site would be the one thing a page loads from the internet."""
    return re.sub(r"!\[([^\]]*)\]\(https?://[^)]*\)", r"\1", text)


def fill_lesson_index(app: object, docname: str, source: list[str]) -> None:
    """index.md holds the README's table markers; fill them as workshop/tables.py fills README's."""
    if docname == "index":
        source[0] = tables.replaced(source[0], "lessons", offline_index(tables.index(tables.lessons())))


LIVE_LINK = re.compile(r'<a href="http://127\.0\.0\.1:\d+/[^"]*"[^>]*>(.*?)</a>', re.S)


def unlink_live_servers(app: object, doctree: object) -> None:
    """A stored output's link to the lesson's live server (`server.docs_link()`) points to a
    port that is closed on the website: keep its text, drop the dead link, and say why."""
    from docutils import nodes

    hint = "Run the lesson to open this: the link goes to the app your notebook serves."
    for raw in doctree.findall(nodes.raw):  # type: ignore[attr-defined]
        text = LIVE_LINK.sub(lambda match: f'<span class="live-link" title="{hint}">{match[1]}</span>', raw.astext())
        if text != raw.astext():
            raw.replace_self(nodes.raw("", text, format="html"))


def setup(app: object) -> None:
    app.connect("source-read", fill_lesson_index)  # type: ignore[attr-defined]
    app.connect("doctree-read", unlink_live_servers)  # type: ignore[attr-defined]

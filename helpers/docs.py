"""The app's interactive docs (/docs and /redoc), working offline, and links that open
wherever the learner's browser is.

Two things stand between a learner and FastAPI's /docs page:

- Swagger UI loads its JavaScript and CSS from a CDN, so with no internet (a workshop room on
  bad Wi-Fi) the page is blank. `use_offline_docs` serves the same pages with the asset files
  that the `fastapi-offline` package ships, from the app itself.
- The app listens on 127.0.0.1 of the machine that runs the kernel, which is often not the
  learner's machine. `browser_url` gives the address the learner's browser can use:
  - JupyterHub or Binder: jupyter-server-proxy at `{prefix}proxy/{port}/`. The app must know
    that prefix (uvicorn's `root_path`) so that /docs asks for the right /openapi.json and
    "Try it out" sends requests through the proxy too.
  - Google Colab: Colab's kernel proxy, an https address that `google.colab.kernel.proxyPort`
    makes in the browser. It forwards to the root of the port, so `root_path` stays "".
  - GitHub Codespaces: the forwarded-port address `https://{codespace}-{port}.{domain}`
    (private to the codespace's owner by default), also at the root of the port.
  - anywhere else (a laptop, VS Code on one): `http://127.0.0.1:{port}`.
"""

from __future__ import annotations

import os
from pathlib import Path

import fastapi_offline
from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = Path(fastapi_offline.__file__).parent / "static"
ASSETS_URL = "/offline-docs-assets"
COLAB_TIMEOUT = 10  # seconds to wait for Colab's browser side to make a proxy address


def proxy_root_path(port: int) -> str:
    """The path the app is reached under through JupyterHub's proxy; "" when not on a hub.

    Only a hub puts the app under a path: Colab's and Codespaces' proxies forward to the root.
    """
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX")
    return f"{prefix.rstrip('/')}/proxy/{port}" if prefix else ""


def browser_url(host: str, port: int) -> str:
    """Where the learner's browser reaches the app on `host`:`port`, with no trailing slash:
    through the hub's proxy (a path on the hub's own address), Colab's kernel proxy,
    Codespaces' forwarded port, or directly. Never raises: when Colab's browser side does not
    answer (the notebook runs headless) the direct address is the best there is."""
    on_hub = proxy_root_path(port)
    if on_hub:
        return on_hub
    colab = _colab_url(port)
    if colab:
        return colab
    codespace = os.environ.get("CODESPACE_NAME")
    domain = os.environ.get("GITHUB_CODESPACES_PORT_FORWARDING_DOMAIN")
    if codespace and domain:
        return f"https://{codespace}-{port}.{domain}"
    return f"http://{host}:{port}"


def _colab_url(port: int) -> str:
    """Colab's https address for `port` of the kernel's machine, or "" when not on Colab."""
    try:
        from google.colab.output import eval_js  # only importable on Colab
    except ImportError:
        return ""
    try:
        url = eval_js(f"google.colab.kernel.proxyPort({int(port)})", timeout_sec=COLAB_TIMEOUT)
    except Exception:  # no browser side, or it did not answer in time
        return ""
    return str(url).rstrip("/") if url else ""


def use_offline_docs(app: FastAPI) -> None:
    """Replace /docs and /redoc with pages that load their assets from this app.

    The routes are defined like any other, so on a live app they replace FastAPI's own.
    """
    if not app.openapi_url or (app.docs_url is None and app.redoc_url is None):
        return
    app.mount(ASSETS_URL, StaticFiles(directory=ASSETS), name="offline-docs-assets")
    openapi_url, oauth2_redirect_url = app.openapi_url, app.swagger_ui_oauth2_redirect_url

    def root(request: Request) -> str:
        return str(request.scope.get("root_path", "")).rstrip("/")

    if app.docs_url:

        @app.get(app.docs_url, include_in_schema=False)
        async def swagger_ui(request: Request) -> HTMLResponse:
            return get_swagger_ui_html(
                openapi_url=root(request) + openapi_url,
                title=f"{app.title} - Swagger UI",
                swagger_js_url=f"{root(request)}{ASSETS_URL}/swagger-ui-bundle.js",
                swagger_css_url=f"{root(request)}{ASSETS_URL}/swagger-ui.css",
                swagger_favicon_url=f"{root(request)}{ASSETS_URL}/favicon.png",
                oauth2_redirect_url=oauth2_redirect_url and root(request) + oauth2_redirect_url,
                init_oauth=app.swagger_ui_init_oauth,
                swagger_ui_parameters=app.swagger_ui_parameters,
            )

    if app.redoc_url:

        @app.get(app.redoc_url, include_in_schema=False)
        async def redoc(request: Request) -> HTMLResponse:
            return get_redoc_html(
                openapi_url=root(request) + openapi_url,
                title=f"{app.title} - ReDoc",
                redoc_js_url=f"{root(request)}{ASSETS_URL}/redoc.standalone.js",
                redoc_favicon_url=f"{root(request)}{ASSETS_URL}/favicon.png",
                with_google_fonts=False,
            )

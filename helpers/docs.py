"""The app's interactive docs (/docs and /redoc), working offline and behind Binder's proxy.

Two things stand between a learner and FastAPI's /docs page:

- Swagger UI loads its JavaScript and CSS from a CDN, so with no internet (a workshop room on
  bad Wi-Fi) the page is blank. `use_offline_docs` serves the same pages with the asset files
  that the `fastapi-offline` package ships, from the app itself.
- On JupyterHub or Binder the learner's browser cannot reach 127.0.0.1 on the server's
  machine. It can reach the app through jupyter-server-proxy at `{prefix}proxy/{port}/`, if
  the app knows that prefix (uvicorn's `root_path`), so that /docs asks for the right
  /openapi.json and "Try it out" sends requests through the proxy too.
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


def proxy_root_path(port: int) -> str:
    """The path the app is reached under through JupyterHub's proxy; "" when not on a hub."""
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX")
    return f"{prefix.rstrip('/')}/proxy/{port}" if prefix else ""


def browser_url(host: str, port: int) -> str:
    """Where the learner's browser reaches the app: directly, or through the hub's proxy."""
    return proxy_root_path(port) or f"http://{host}:{port}"


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

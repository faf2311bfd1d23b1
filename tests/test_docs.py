"""/docs renders from the app's own files, and links work locally and behind Binder's proxy."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI

from helpers import LiveServer, serve


@pytest.fixture
def server() -> Iterator[LiveServer]:
    app = FastAPI(title="Shop")

    @app.get("/items/{item_id}")
    def read_item(item_id: int) -> dict[str, int]:
        return {"item_id": item_id}

    with serve(app, name="docs-test") as live:
        yield live


@pytest.mark.parametrize(("page", "asset"), [("/docs", "swagger-ui-bundle.js"), ("/redoc", "redoc.standalone.js")])
def test_docs_pages_load_their_assets_from_the_app(server: LiveServer, page: str, asset: str) -> None:
    html = server.client.get(page).text
    assert "cdn" not in html.lower()
    assert f'"/offline-docs-assets/{asset}"' in html
    script = server.client.get(f"/offline-docs-assets/{asset}")
    assert script.status_code == 200 and len(script.content) > 100_000


def test_swagger_ui_still_finds_the_schema_and_the_oauth2_redirect(server: LiveServer) -> None:
    html = server.client.get("/docs").text
    assert "url: '/openapi.json'" in html
    assert "oauth2RedirectUrl: window.location.origin + '/docs/oauth2-redirect'" in html
    assert server.client.get("/openapi.json").json()["info"]["title"] == "Shop"
    assert "/offline-docs-assets" not in str(server.client.get("/openapi.json").json()["paths"])


def test_the_docs_link_is_local_off_a_hub(server: LiveServer, monkeypatch: pytest.MonkeyPatch) -> None:
    link = server.docs_link()
    assert link.url == f"http://127.0.0.1:{server.port}/docs"
    assert f'href="{link.url}"' in link._repr_html_()


def test_behind_jupyterhub_the_app_knows_its_proxy_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUPYTERHUB_SERVICE_PREFIX", "/user/ada/")
    app = FastAPI()

    @app.get("/ping")
    def ping() -> str:
        return "pong"

    with serve(app, name="hub-test") as server:
        prefix = f"/user/ada/proxy/{server.port}"
        assert server.docs_link().url == f"{prefix}/docs"
        assert server.client.get("/ping").json() == "pong"  # direct calls still work
        html = server.client.get("/docs").text
        assert f"url: '{prefix}/openapi.json'" in html
        assert f'"{prefix}/offline-docs-assets/swagger-ui-bundle.js"' in html
        assert server.client.get("/openapi.json").json()["servers"] == [{"url": prefix}]

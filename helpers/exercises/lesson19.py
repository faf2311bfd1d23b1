"""Checkers for lesson 19, Static files."""

from collections.abc import Callable

from helpers.checks import Check, Report, exercise
from helpers.checks import hint as hint  # in a notebook: check.hint("name")
from helpers.progress import checker
from helpers.server import LiveServer


@checker
def predict_mounts(server: LiveServer, predicted: object) -> Report:
    """The learner's predicted status codes for six requests to the lesson's two mounts."""
    requests: dict[str, dict[str, object]] = {
        "GET /static/": {},
        "GET /site": {},
        "GET /static/index.html": {},
        "GET /site/style.css": {},
        "GET /site/404.html": {},
        "POST /static/style.css": {},
    }
    nudge = (
        "A mount hands every path under its prefix to StaticFiles, which looks for that file in "
        "the folder. What does html=True add, and what does a folder without it answer?"
    )
    hint = (
        "Without html=True a folder address is a 404; /site without its slash is redirected; "
        "both mounts serve every file of the folder, 404.html included when asked for by name; "
        "StaticFiles answers GET and HEAD only."
    )
    with exercise("predict_mounts", server, nudge=nudge, hint=hint) as check:
        check.predictions(server, predicted, requests)
    return check.report


@checker
def assets(server: LiveServer) -> Report:
    """A folder served at /assets: hello.txt as text, course.json as JSON, 404 for the rest."""
    nudge = (
        "Put the two files in the folder with the exact content asked for, then hand every path "
        "under /assets to a static-files application, as the lesson did for /static."
    )
    hint = (
        "Write both files into `assets`, then "
        '`app.mount("/assets", StaticFiles(directory=assets), name="assets")`.'
    )
    with exercise("assets", server, nudge=nudge, hint=hint) as check:
        response = check.call(server, "GET", "/assets/hello.txt")
        check.expect(
            response.status_code == 200,
            "GET /assets/hello.txt answers 200",
            f"GET /assets/hello.txt answers {response.status_code}, expected 200: is the folder, with "
            "hello.txt in it, mounted at /assets, and did its cell run?",
        )
        check.expect(
            response.text == "Hello, static world!",
            "hello.txt holds the greeting",
            f"hello.txt holds {response.text[:60]!r}, expected 'Hello, static world!'",
        )
        kind = response.headers.get("content-type", "")
        check.expect(
            kind.startswith("text/plain"),
            "its content type is text/plain",
            f"its content type is {kind!r}, expected text/plain: serve the file, do not write a route",
        )
        check.expect(
            "etag" in response.headers,
            "it comes from StaticFiles (it has an etag)",
            "it has no etag header: serve the folder with StaticFiles rather than a route",
        )
        response = check.call(server, "GET", "/assets/course.json")
        check.status(response, 200)
        check.json(response, {"course": "FastAPI, live"})
        response = check.call(server, "GET", "/assets/no-such-file.txt")
        if response.status_code != 404:  # what StaticFiles (proven by the etag) does: no line of its own
            check.status(response, 404)
    return check.report


def _silently(check: Check) -> Callable[[bool, str, str], None]:
    """`check.expect` without the line when it holds: for a repeat of steps already shown."""
    return lambda ok, success, failure: check.require(ok, failure)


@checker
def shop(server: LiveServer) -> Report:
    """A site at /shop with html=True: index.html for /shop/, its 404.html for missing pages."""
    nudge = (
        "A folder served as a website answers a folder's address with its index page and a "
        "missing page with the site's own not-found page: make both pages, and mount the folder "
        "the way the Greeter site was mounted."
    )
    hint = (
        'shop = root / "shop"; shop.mkdir(exist_ok=True); write `shop / "index.html"` and '
        '`shop / "404.html"`; then `app.mount("/shop", StaticFiles(directory=shop, html=True), name="shop")`.'
    )
    with exercise("shop", server, nudge=nudge, hint=hint) as check:
        response = check.call(server, "GET", "/shop/")
        check.expect(
            response.status_code == 200,
            "GET /shop/ answers 200",
            f"GET /shop/ answers {response.status_code}, expected 200: nothing serves the folder's "
            "index.html there. Is a folder with index.html mounted at /shop, as a website, and did "
            "its cell run?",
        )
        check.expect(
            "<h1>Shop</h1>" in response.text,
            "/shop/ shows the shop's index.html",
            f"/shop/ shows {response.text[:80]!r}, expected the page with <h1>Shop</h1>",
        )
        for path in ("/shop/no-such-page", "/shop/cart/"):
            # a missing folder too; its lines only when it fails (the site's 404.html is one setting)
            first = path == "/shop/no-such-page"
            step = check.expect if first else _silently(check)
            response = check.call(server, "GET", path)
            if first or response.status_code != 404:
                check.status(response, 404)
            kind = response.headers.get("content-type", "")
            step(
                kind.startswith("text/html") and "Page not found" in response.text
                and not response.text.lstrip().startswith(("{", "[")),  # an HTML page, not JSON in a .html file
                f"{path} shows the 404.html page",
                f"{path} answers {kind or 'no content type'}: {response.text[:80]!r}; expected "
                "the HTML page with 'Page not found'",
            )
    return check.report

"""Answers a learner could write to lesson 19's exercises (see tests/test_checker_cases.py)."""

from checker_cases import stranger as shared_stranger
from checker_cases import ASYNC, add  # noqa: F401

LESSON_19 = """
import tempfile
from pathlib import Path
from fastapi import FastAPI
from fastapi.responses import PlainTextResponse
from fastapi.staticfiles import StaticFiles
site_folder = tempfile.TemporaryDirectory()
root = Path(site_folder.name)
app = FastAPI()
# serve
"""
SPA = """class SinglePageApp(StaticFiles):
    async def get_response(self, path, scope):
        response = await super().get_response(path, scope)
        if response.status_code == 404:
            return await super().get_response("index.html", scope)
        return response


"""
SHOP = (
    'shop = root / "shop"\nshop.mkdir(exist_ok=True)\n(shop / "index.html").write_text("<!doctype html><h1>Shop</h1>")\n'
    '(shop / "404.html").write_text("<!doctype html><h1>Page not found</h1>")\n\n'
    'app.mount("/shop", StaticFiles(directory=shop, html=True), name="shop")\n'
)

add("19", LESSON_19, {
    "name": "assets",
    "solution": (
        'assets = root / "assets"\nassets.mkdir(exist_ok=True)\n(assets / "hello.txt").write_text("Hello, static world!")\n'
        '(assets / "course.json").write_text(\'{"course": "FastAPI, live"}\')\n\n'
        'app.mount("/assets", StaticFiles(directory=assets), name="assets")\n'
    ),
    "right": {
        "a str directory, another name": [("StaticFiles(directory=assets), name=\"assets\"", "StaticFiles(directory=str(assets)), name=\"files\"")],
        "json.dumps": [("write_text('{\"course\": \"FastAPI, live\"}')", "write_text(__import__('json').dumps({'course': 'FastAPI, live'}))")],
        "html=True too": [("StaticFiles(directory=assets)", "StaticFiles(directory=assets, html=True)")],
    },
    "wrong": {
        "placeholder": ([('write_text("Hello, static world!")', 'write_text("...")'), ("(assets / \"course.json\").write_text('{\"course\": \"FastAPI, live\"}')\n", ""), ('app.mount("/assets", StaticFiles(directory=assets), name="assets")\n', "")],
                        "GET /assets/hello.txt answers 404, expected 200"),
        "a route": ([('app.mount("/assets", StaticFiles(directory=assets), name="assets")\n', '@app.get("/assets/{name}", response_class=PlainTextResponse)\ndef asset(name: str):\n    return (assets / name).read_text()\n')], "it has no etag header"),
        "no course.json": ([("(assets / \"course.json\").write_text('{\"course\": \"FastAPI, live\"}')\n", "")], "GET /assets/course.json answers 404, expected 200"),
        "another text": ([('"Hello, static world!"', '"Hello, static world"')], "hello.txt holds 'Hello, static world'"),
        "a route that answers HTML": ([('app.mount("/assets", StaticFiles(directory=assets), name="assets")\n',
                                        '@app.get("/assets/{name}")\ndef asset(name: str):\n'
                                        '    return __import__("fastapi").Response((assets / name).read_text(), media_type="text/html")\n')],
                                      "its content type is 'text/html; charset=utf-8', expected text/plain"),
        "another course": ([('{"course": "FastAPI, live"}\')', '{"course": "FastAPI"}\')')],
                           'the body is {"course": "FastAPI"}, expected {"course": "FastAPI, live"}'),
    },
}, {
    "name": "shop",
    "solution": SHOP,
    "right": {
        "another 404 page, another name": [("<h1>Page not found</h1>", "<p>Sorry! Page not found.</p>"), ('name="shop"', 'name="site"')],
        "a str directory": [("directory=shop,", "directory=str(shop),")],
        "the pages written with open()": [('(shop / "index.html").write_text("<!doctype html><h1>Shop</h1>")',
                                           'with open(shop / "index.html", "w") as page:\n    page.write("<!doctype html><h1>Shop</h1>")')],
    },
    "wrong": {
        "placeholder (the empty cell)": ([(SHOP, '# ✏️ Make the folder root / "shop", write its two pages, and mount it at /shop as a website.\n')],
                                         "GET /shop/ answers 404, expected 200: nothing serves the folder's index.html there"),
        "index.html forgotten": ([('(shop / "index.html").write_text("<!doctype html><h1>Shop</h1>")\n', "")], "GET /shop/ answers 404, expected 200"),
        "no 404.html": ([('(shop / "404.html").write_text("<!doctype html><h1>Page not found</h1>")\n', "")], "expected the HTML page with 'Page not found'"),
        "another heading": ([("<h1>Shop</h1>", "<h1>Our shop</h1>")], "/shop/ shows '<!doctype html><h1>Our shop</h1>'"),
        "the lesson's SinglePageApp": ([('app.mount("/shop", StaticFiles(', SPA + 'app.mount("/shop", SinglePageApp(')],
                                       "GET /shop/no-such-page answers 200, expected 404"),
        "no html=True": ([(", html=True", "")], "GET /shop/ answers 404, expected 200"),
        "404 page as text": ([('(shop / "404.html").write_text("<!doctype html><h1>Page not found</h1>")\n', ""), ('app.mount("/shop"', '@app.exception_handler(404)\nasync def text_404(request, error):\n    return PlainTextResponse("Page not found", status_code=404)\n\napp.mount("/shop"')],
                             "answers text/plain"),
    },
})

MOUNTS = LESSON_19.replace("# serve\n", """(root / "style.css").write_text("body { }")
(root / "index.html").write_text("<h1>Greeter</h1>")
(root / "404.html").write_text("<h1>Page not found</h1>")
app.mount("/static", StaticFiles(directory=root), name="static")
app.mount("/site", StaticFiles(directory=root, html=True), name="site")
# serve
""").replace("from fastapi import FastAPI\n", "from fastapi import FastAPI, status\n")

PREDICTED = """predictions = {
    "GET /static/": 404,
    "GET /site": 307,
    "GET /static/index.html": 200,
    "GET /site/style.css": 200,
    "GET /site/404.html": 200,
    "POST /static/style.css": 405,
}
"""

add("19", MOUNTS, {
    "name": "predict_mounts",
    "arguments": ("predictions",),
    "solution": PREDICTED,
    "right": {
        "as text": [('"GET /site": 307', '"GET /site": "307"'), ('"POST /static/style.css": 405', '"POST /static/style.css": "405"')],
        "status constants": [('"GET /static/": 404', '"GET /static/": status.HTTP_404_NOT_FOUND'),
                             ('"GET /site": 307', '"GET /site": status.HTTP_307_TEMPORARY_REDIRECT')],
    },
    "wrong": {
        "placeholder": ([(": 404,", ": ...,"), (": 307,", ": ...,")], "write down your prediction for GET /static/, GET /site first"),
        "an index without html=True": ([('"GET /static/": 404', '"GET /static/": 200')], "GET /static/: you predicted 200, it answers 404"),
        "html files only on the site": ([('"GET /static/index.html": 200', '"GET /static/index.html": 404')], "GET /static/index.html: you predicted 404, it answers 200"),
        "the 404 page is a 404": ([('"GET /site/404.html": 200', '"GET /site/404.html": 404')], "GET /site/404.html: you predicted 404, it answers 200"),
        "a line removed": ([('    "POST /static/style.css": 405,\n', "")], "no prediction for POST /static/style.css"),
        "a website serves its pages only": ([('"GET /site/style.css": 200', '"GET /site/style.css": 404')],
                                            "GET /site/style.css: you predicted 404, it answers 200"),
    },
})


# --- answers written as a stranger would, from the exercise's text alone (issue 19, round 3) ---
from checker_cases import EXERCISES  # noqa: E402


def stranger(name: str, right: dict[str, str] | None = None, wrong: dict[str, tuple[str, str]] | None = None) -> None:
    shared_stranger("19", name, right, wrong)


def solution_of(name: str) -> str:
    return next(e for e in EXERCISES if e.lesson == "19" and e.name == name).solution


_ASSETS = solution_of("assets")
stranger("assets", right={
    "json.dump, the mount without a name": _ASSETS.replace(
        "(assets / \"course.json\").write_text('{\"course\": \"FastAPI, live\"}')",
        "with open(assets / \"course.json\", \"w\") as file:\n    __import__(\"json\").dump({\"course\": \"FastAPI, live\"}, file)").replace(
        ', name="assets")', ")"),
    "a trailing slash on the mount": _ASSETS.replace('app.mount("/assets"', 'app.mount("/assets/"'),
}, wrong={
    "a newline after the text": (_ASSETS.replace('write_text("Hello, static world!")', 'write_text("Hello, static world!\\n")'), "❌"),
    "served at /static": (_ASSETS.replace('app.mount("/assets"', 'app.mount("/static"'), "❌"),
    "a JSON text file": (_ASSETS.replace('"course.json"', '"course.txt"'), "❌"),
})

stranger("shop", right={
    "strings for the folder, bytes written": SHOP.replace(
        '(shop / "index.html").write_text("<!doctype html><h1>Shop</h1>")',
        '(shop / "index.html").write_bytes(b"<html><body><h1>Shop</h1></body></html>")').replace(
        "StaticFiles(directory=shop, html=True)", "StaticFiles(directory=str(shop), html=True)"),
}, wrong={
    "no html=True": (SHOP.replace("html=True", "html=False"), "❌"),
    "the 404 page in another name": (SHOP.replace('(shop / "404.html")', '(shop / "not-found.html")'), "❌"),
    "a 404 page that is JSON": (SHOP.replace('"<!doctype html><h1>Page not found</h1>"', '\'{"detail": "Page not found"}\''),
                                "expected the HTML page with 'Page not found'"),
    "the shop title in h2": (SHOP.replace("<h1>Shop</h1>", "<h2>Shop</h2>"), "❌"),
})

stranger("predict_mounts", right={
    "HTTPStatus": PREDICTED.replace('"GET /site": 307', '"GET /site": __import__("http").HTTPStatus.TEMPORARY_REDIRECT'),
}, wrong={
    "a mount lists its folder": (PREDICTED.replace('"GET /static/": 404', '"GET /static/": 200'), "❌"),
    "a redirect followed": (PREDICTED.replace('"GET /site": 307', '"GET /site": 200'), "❌"),
    "POST is a 404": (PREDICTED.replace('"POST /static/style.css": 405', '"POST /static/style.css": 404'), "❌"),
})

# A kernel restarted, then only the set-up cell run: the app has none of the lesson's routes, and
# every answer would be a 404 that proves nothing.
_RESTART = ("\napp.router.routes[:] = [route for route in app.router.routes\n"
            "                      if getattr(route, 'path', '') in ('/openapi.json', '/docs', '/docs/oauth2-redirect', '/redoc')]\n")
for _exercise in EXERCISES:
    if _exercise.lesson == __name__[-2:] and _exercise.name.startswith("predict"):
        _exercise.wrong["stranger: after a restart, the set-up cell only"] = (
            [(_exercise.solution, _exercise.solution + _RESTART)], "run the lesson's cells")

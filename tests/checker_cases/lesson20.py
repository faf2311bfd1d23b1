"""Answers a learner could write to lesson 20's exercises (see tests/test_checker_cases.py).

The set-up is the lesson's own project: every file its `%%project_file` cells write, read from
the notebook, so the cases follow the lesson when it changes."""

import json
from pathlib import Path

from checker_cases import stranger as shared_stranger
from checker_cases import add

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "20-real-project.ipynb"


def project_files() -> dict[str, str]:
    """Each file of the lesson's project as its last `%%project_file` cell before the exercises left it."""
    files: dict[str, str] = {}
    for cell in json.loads(NOTEBOOK.read_text())["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and source.startswith("## Exercises"):
            break
        if cell["cell_type"] == "code" and source.startswith("%%project_file "):
            name, _, body = source.partition("\n")
            files[name.split(maxsplit=1)[1]] = body + "\n"
    return files


SETUP_20 = f"""
import os
from helpers import serve
from helpers.project import Project
os.environ.setdefault("SHOP_ADMIN_KEY", "let-me-in")
project = Project("shop")
for name, source in {project_files()!r}.items():
    project.write(name, source)
app = project.load()
# serve
"""

PREDICTED_20 = """predictions = {
    "GET /items/3/price": 200,
    "GET /admin/stats": 401,
    "GET /admin/nothing-here": 404,
    "GET /legacy/docs": 200,
    "GET /legacy/items/": 404,
}
"""

add("20", SETUP_20, {
    "name": "predict_project",
    "arguments": ("predictions",),
    "solution": PREDICTED_20,
    "right": {
        "as text": [(": 401,", ': "401",'), ('"GET /items/3/price": 200', '"GET /items/3/price": "200"')],
        "status constants": [('"GET /legacy/docs": 200', '"GET /legacy/docs": __import__("fastapi").status.HTTP_200_OK'),
                             ('"GET /legacy/items/": 404', '"GET /legacy/items/": __import__("fastapi").status.HTTP_404_NOT_FOUND')],
    },
    "wrong": {
        "placeholder": ([(": 401,", ": ...,"), ('"GET /legacy/docs": 200', '"GET /legacy/docs": ...')], "write down your prediction for GET /admin/stats, GET /legacy/docs first"),
        "deprecated means gone": ([('"GET /items/3/price": 200', '"GET /items/3/price": 404')], "GET /items/3/price: you predicted 404, it answers 200"),
        "the dependency runs first": ([('"GET /admin/nothing-here": 404', '"GET /admin/nothing-here": 401')], "GET /admin/nothing-here: you predicted 401, it answers 404"),
        "403 for a missing key": ([(": 401,", ": 403,")], "GET /admin/stats: you predicted 403, it answers 401"),
        "the mount sees the routers": ([('"GET /legacy/items/": 404', '"GET /legacy/items/": 200')], "GET /legacy/items/: you predicted 200, it answers 404"),
        "the mount has no docs": ([('"GET /legacy/docs": 200', '"GET /legacy/docs": 404')], "GET /legacy/docs: you predicted 404, it answers 200"),
        "every line a placeholder": ([(f": {code},", ": ...,") for code in (200, 401, 404)],
                                     "write down your predictions first"),
        "a line removed": ([('    "GET /admin/nothing-here": 404,\n', "")], "no prediction for GET /admin/nothing-here"),
        "not a dict": ([("predictions = {", "predictions = list({"), ("\n}\n", "\n}.values())\n")], "your predictions are a list"),
    },
})

ADMIN_FIXED = '''project.write("routers/admin.py", """
    from fastapi import APIRouter, Depends, Request

    from ..security import require_admin

    router = APIRouter(prefix="/admin", tags=["admin"], dependencies=[Depends(require_admin)])


    @router.get("/stats")
    def stats(request: Request):
        return {"items": len(request.state.catalogue)}


    @router.get("/cheap")
    def cheap(below: float, request: Request):
        return [item for item in request.state.catalogue.values() if item["price"] < below]
""")
app = project.load()
server = serve(app)
'''

add("20", SETUP_20, {
    "name": "admin_routes",
    "solution": ADMIN_FIXED,
    "right": {
        "no prefix, full paths": [('prefix="/admin", ', ""), ('"/stats"', '"/admin/stats"'), ('"/cheap"', '"/admin/cheap"')],
        "async def, the prefix at include time": [("    def ", "    async def "), ('prefix="/admin", ', ""),
                                                   ("app = project.load()\n", 'project.write("main.py", project.path("main.py").read_text().replace("include_router(admin.router)", \'include_router(admin.router, prefix="/admin")\'))\napp = project.load()\n')],
    },
    "wrong": {
        "placeholder (the doubled prefix)": ([('"/stats"', '"/admin/stats"'), ('"/cheap"', '"/admin/cheap"')], "GET /admin/stats answers 404, expected 200"),
        "only one route fixed": ([('"/cheap"', '"/admin/cheap"')], "GET /admin/cheap?below=4 answers 404, expected 200"),
        "the check dropped": ([(', dependencies=[Depends(require_admin)]', "")], "without a key answers 200, expected 401"),
        "a guard of its own that answers 403": ([
            ("from fastapi import APIRouter, Depends, Request", "import secrets\n    from typing import Annotated\n\n    from fastapi import APIRouter, Depends, Header, HTTPException, Request"),
            ("    from ..security import require_admin\n", "    from ..config import get_settings\n\n\n    def require_admin(x_admin_key: Annotated[str, Header()] = ''):\n"
             "        if not secrets.compare_digest(x_admin_key.encode(), get_settings().admin_key.get_secret_value().encode()):\n"
             "            raise HTTPException(403, 'Wrong admin key')\n")],
            "GET /admin/stats without a key answers 403, expected 401"),
        "both paths kept": ([('    @router.get("/stats")\n', '    @router.get("/admin/stats")\n    @router.get("/stats")\n')],
                            "GET /admin/admin/stats answers 200, expected 404"),
        "a typo in the state's name": ([("len(request.state.catalogue)", "len(request.state.catalog)")],
                                       "GET /admin/stats answers 500, expected 200"),
        "the items, not their number": ([('{"items": len(request.state.catalogue)}', '{"items": list(request.state.catalogue)}')],
                                        'the body is {"items": [1, 2, 3]}, expected {"items": 3}'),
        "below or equal": ([('item["price"] < below', 'item["price"] <= below')], 'the body is [{"id": 1, "name": "tea", "price": 3.5}, {"id": 2'),
        "a whole-number limit": ([("below: float", "below: int")], "GET /admin/cheap?below=2.75 answers 422, expected 200"),
        "forgot to serve the new files": ([("app = project.load()\nserver = serve(app)\n", "")], "GET /admin/cheap?below=4 answers 404, expected 200: the app that `server` serves has no such path"),
    },
})


# --- answers written as a stranger would, from the exercise's text alone (issue 19, round 3) ---
from checker_cases import EXERCISES  # noqa: E402


def stranger(name: str, right: dict[str, str] | None = None, wrong: dict[str, tuple[str, str]] | None = None) -> None:
    shared_stranger("20", name, right, wrong)


def solution_of(name: str) -> str:
    return next(e for e in EXERCISES if e.lesson == "20" and e.name == name).solution


stranger("admin_routes", right={
    "the prefix dropped, the paths kept": ADMIN_FIXED.replace('prefix="/admin", ', "").replace('@router.get("/stats")', '@router.get("/admin/stats")').replace(
        '@router.get("/cheap")', '@router.get("/admin/cheap")'),
    "the dependency on each route": ADMIN_FIXED.replace(', dependencies=[Depends(require_admin)])', ")").replace(
        '@router.get("/stats")', '@router.get("/stats", dependencies=[Depends(require_admin)])').replace(
        '@router.get("/cheap")', '@router.get("/cheap", dependencies=[Depends(require_admin)])'),
}, wrong={
    "the key dropped with the prefix": (ADMIN_FIXED.replace(', dependencies=[Depends(require_admin)]', ""), "❌"),
    "the key on one route only": (ADMIN_FIXED.replace(', dependencies=[Depends(require_admin)])', ")").replace(
        '@router.get("/stats")', '@router.get("/stats", dependencies=[Depends(require_admin)])'), "❌"),
    "below as an int": (ADMIN_FIXED.replace("below: float", "below: int"), "❌"),
    "the first cheap item only": (ADMIN_FIXED.replace(
        'return [item for item in request.state.catalogue.values() if item["price"] < below]',
        'return [next(item for item in request.state.catalogue.values() if item["price"] < below)]'), "❌"),
})

# A kernel restarted, then only the set-up cell run: the app has none of the lesson's routes, and
# every answer would be a 404 that proves nothing.
_RESTART = ("\napp.router.routes[:] = [route for route in app.router.routes\n"
            "                      if getattr(route, 'path', '') in ('/openapi.json', '/docs', '/docs/oauth2-redirect', '/redoc')]\n")
for _exercise in EXERCISES:
    if _exercise.lesson == __name__[-2:] and _exercise.name.startswith("predict"):
        _exercise.wrong["stranger: after a restart, the set-up cell only"] = (
            [(_exercise.solution, _exercise.solution + _RESTART)], "run the lesson's cells")

"""Answers a learner could write to lesson 14's exercises (see tests/test_checker_cases.py)."""

from checker_cases import stranger as shared_stranger
from checker_cases import ASYNC, add  # noqa: F401

LESSON_14 = """
import secrets
from typing import Annotated
from fastapi import Depends, FastAPI, HTTPException, Request, Response, status
from fastapi.responses import JSONResponse
from fastapi.security import APIKeyHeader
app = FastAPI()

@app.get("/")
async def root():
    return {"message": "Hello"}

@app.get("/products")
async def list_products():
    return [{"id": 1, "name": "Teapot"}, {"id": 2, "name": "Kettle"}]
# serve
"""

TRAIL = LESSON_14 + '''
@app.middleware("http")
async def log_visit(request: Request, call_next):
    response = await call_next(request)
    response.headers.append("X-Trail", "log_visit")
    return response

@app.middleware("http")
async def closed_on_sunday(request: Request, call_next):
    if request.query_params.get("day") == "sunday":
        return JSONResponse({"detail": "Closed on Sundays"}, status_code=503, headers={"X-Trail": "closed_on_sunday"})
    response = await call_next(request)
    response.headers.append("X-Trail", "closed_on_sunday")
    return response

@app.middleware("http")
async def sign_response(request: Request, call_next):
    response = await call_next(request)
    response.headers.append("X-Trail", "sign_response")
    return response

@app.get("/trail")
async def trail(response: Response):
    response.headers.append("X-Trail", "route")
    return {"message": "Open"}
'''

PREDICTED = """predictions = {
    "GET /trail": ["route", "log_visit", "closed_on_sunday", "sign_response"],
    "GET /trail?day=sunday": ["closed_on_sunday", "sign_response"],
    "GET /nowhere": ["log_visit", "closed_on_sunday", "sign_response"],
}
"""

add("14", TRAIL, {
    "name": "predict_trail",
    "arguments": ("predictions",),
    "solution": PREDICTED,
    "right": {
        "tuples": [('["closed_on_sunday", "sign_response"]', '("closed_on_sunday", "sign_response")'),
                   ('["log_visit", "closed_on_sunday", "sign_response"]', '("log_visit", "closed_on_sunday", "sign_response")')],
        "split strings, another order of lines": [
            ('    "GET /trail": ["route", "log_visit", "closed_on_sunday", "sign_response"],\n', ""),
            ("}\n", '    "GET /trail": "route log_visit closed_on_sunday sign_response".split(),\n}\n'),
        ],
    },
    "wrong": {
        "placeholder": ([('["closed_on_sunday", "sign_response"]', "..."), ('["log_visit", "closed_on_sunday", "sign_response"]', "...")],
                        "write down your prediction for GET /trail?day=sunday, GET /nowhere first"),
        "outermost first": ([('["route", "log_visit", "closed_on_sunday", "sign_response"]', '["sign_response", "closed_on_sunday", "log_visit", "route"]')],
                            'GET /trail: you predicted ["sign_response", "closed_on_sunday", "log_visit", "route"], it answers ["route", "log_visit", "closed_on_sunday", "sign_response"]'),
        "Sunday runs every layer": ([('["closed_on_sunday", "sign_response"]', '["log_visit", "closed_on_sunday", "sign_response"]')],
                                    'GET /trail?day=sunday: you predicted ["log_visit", "closed_on_sunday", "sign_response"], it answers ["closed_on_sunday", "sign_response"]'),
        "a 404 skips the middlewares": ([('"GET /nowhere": ["log_visit", "closed_on_sunday", "sign_response"]', '"GET /nowhere": []')],
                                        'GET /nowhere: you predicted [], it answers ["log_visit", "closed_on_sunday", "sign_response"]'),
        "a line removed": ([('    "GET /nowhere": ["log_visit", "closed_on_sunday", "sign_response"],\n', "")], "no prediction for GET /nowhere"),
    },
})

GUARD = '''ADMIN_KEY = "open-sesame"

@app.get("/admin/stats")
async def admin_stats():
    return {"products": 2}

@app.middleware("http")
async def admin_guard(request: Request, call_next):
    path = request.url.path.removeprefix(request.scope.get("root_path", ""))
    if path.startswith("/admin"):
        key = request.headers.get("x-admin-key", "")
        if not secrets.compare_digest(key.encode(), ADMIN_KEY.encode()):
            return JSONResponse({"detail": "Admin key required"}, status_code=status.HTTP_401_UNAUTHORIZED)
    return await call_next(request)
'''
GUARD_BODY = GUARD.split('@app.middleware("http")\n', 1)[1]

add("14", LESSON_14, {
    "name": "admin_guard",
    "solution": GUARD,
    "right": {
        # A check over HTTP cannot see timing: `!=` behaves the same (the check reminds of compare_digest).
        "!= and another name": [("async def admin_guard", "async def guard"),
                                ("not secrets.compare_digest(key.encode(), ADMIN_KEY.encode())", "key != ADMIN_KEY")],
        "a dependency on the route (APIKeyHeader)": [
            ('@app.middleware("http")\n' + GUARD_BODY, ""),
            ('@app.get("/admin/stats")\nasync def admin_stats():',
             'def admin_key(key: Annotated[str | None, Depends(APIKeyHeader(name="X-Admin-Key", auto_error=False))]):\n'
             '    if not secrets.compare_digest((key or "").encode(), ADMIN_KEY.encode()):\n'
             '        raise HTTPException(401, "Admin key required")\n\n'
             '@app.get("/admin/stats", dependencies=[Depends(admin_key)])\nasync def admin_stats():'),
        ],
        "or '', status 401": [
            ('key = request.headers.get("x-admin-key", "")', 'key = request.headers.get("x-admin-key") or ""'),
            ("status_code=status.HTTP_401_UNAUTHORIZED", "status_code=401"),
        ],
        "the scope's path sliced, hmac.compare_digest": [
            ('path = request.url.path.removeprefix(request.scope.get("root_path", ""))',
             'path = request.scope["path"][len(request.scope["root_path"]):]'),
            ("not secrets.compare_digest(", "not __import__('hmac').compare_digest("),
        ],
        "a sub-application mounted at /admin, guarded by its own middleware": [
            ('@app.get("/admin/stats")\nasync def admin_stats():\n    return {"products": 2}\n',
             'admin = FastAPI()\n\n@admin.get("/stats")\nasync def admin_stats():\n    return {"products": 2}\n'),
            ('@app.middleware("http")\nasync def admin_guard(request: Request, call_next):\n'
             '    path = request.url.path.removeprefix(request.scope.get("root_path", ""))\n'
             '    if path.startswith("/admin"):\n',
             '@admin.middleware("http")\nasync def admin_guard(request: Request, call_next):\n    if True:\n'),
            ("    return await call_next(request)\n", "    return await call_next(request)\n\napp.mount(\"/admin\", admin)\n"),
        ],
    },
    "wrong": {
        "placeholder": ([('request.headers.get("x-admin-key", "")', 'request.headers["x-admin-key"]'),
                         ("compare_digest(key.encode(), ADMIN_KEY.encode())", "compare_digest(key, ADMIN_KEY)"),
                         ('return JSONResponse({"detail": "Admin key required"}, status_code=status.HTTP_401_UNAUTHORIZED)',
                          'raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Admin key required")')],
                        "GET /admin/stats without a key answers 500, expected 401. The middleware raised KeyError: 'x-admin-key'"),
        "HTTPException in the middleware": ([('return JSONResponse({"detail": "Admin key required"}, status_code=status.HTTP_401_UNAUTHORIZED)',
                                              'raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Admin key required")')],
                                             "without a key answers 500, expected 401. The middleware raised HTTPException"),
        "an empty key lets in": ([("if not secrets.compare_digest(key.encode(), ADMIN_KEY.encode()):",
                                   "if \"x-admin-key\" not in request.headers or key and not secrets.compare_digest(key.encode(), ADMIN_KEY.encode()):")],
                                 "GET /admin/stats with a wrong key, the empty string ('') answers 200, expected 401"),
        "str compared": ([("compare_digest(key.encode(), ADMIN_KEY.encode())", "compare_digest(key, ADMIN_KEY)")],
                         "with a key that is not ASCII answers 500, expected 401. The middleware raised TypeError"),
        "any case": ([("key.encode(), ADMIN_KEY.encode()", "key.lower().encode(), ADMIN_KEY.encode()")],
                     "with a wrong key, it in other letter case ('OPEN-SESAME') answers 200, expected 401"),
        "a part of the key": ([("not secrets.compare_digest(key.encode(), ADMIN_KEY.encode())", "not key or key not in ADMIN_KEY")],
                              "with a wrong key, its first character ('o') answers 200, expected 401"),
        "the key and more": ([("not secrets.compare_digest(key.encode(), ADMIN_KEY.encode())",
                               "not key.encode().startswith(ADMIN_KEY.encode())")],
                             "with a wrong key, it with more after it ('open-sesamex') answers 200, expected 401"),
        "the wrong body": ([('{"detail": "Admin key required"}, status_code', '{"detail": "Unauthorized"}, status_code')],
                           'the body is {"detail": "Unauthorized"}, expected {"detail": "Admin key required"}'),
        "the right key refused": ([("ADMIN_KEY.encode())", "ADMIN_KEY.encode() + b\"!\")")],
                                  "GET /admin/stats with the right key answers 401, expected 200"),
        "every path": ([('    if path.startswith("/admin"):', "    if True:")], "GET / answers 401, expected 200"),
        "403": ([("status_code=status.HTTP_401_UNAUTHORIZED", "status_code=403")], "answers 403, expected 401"),
        # one for each step (`python3 course.py mutate 14 --steps`)
        "a key that is not ASCII refused with its own detail": (
            [('        key = request.headers.get("x-admin-key", "")\n',
              '        key = request.headers.get("x-admin-key", "")\n        if not key.isascii():\n'
              '            return JSONResponse({"detail": "The key must be ASCII"}, status_code=status.HTTP_401_UNAUTHORIZED)\n')],
            'the body is {"detail": "The key must be ASCII"}, expected {"detail": "Admin key required"}'),
        "forgets root_path": ([('path = request.url.path.removeprefix(request.scope.get("root_path", ""))', "path = request.url.path")],
                              "GET /admin/stats without a key under the proxy prefix /user/ada/proxy/8000 (as on JupyterHub or "
                              "Binder) answers 200, expected 401"),
        "a prefix refused whole": ([('    if path.startswith("/admin"):', '    if path.startswith("/admin") or path != request.url.path:')],
                                   "GET /products under the proxy prefix /user/ada/proxy/8000 (as on JupyterHub or Binder) answers 401"),
    },
})


# --- answers written as a stranger would, from the exercise's text alone (issue 19, round 3) ---
from checker_cases import EXERCISES  # noqa: E402


def stranger(name: str, right: dict[str, str] | None = None, wrong: dict[str, tuple[str, str]] | None = None) -> None:
    shared_stranger("14", name, right, wrong)


def solution_of(name: str) -> str:
    return next(e for e in EXERCISES if e.lesson == "14" and e.name == name).solution


stranger("predict_trail", right={
    "tuples": PREDICTED.replace('["route", "log_visit", "closed_on_sunday", "sign_response"]',
                                '("route", "log_visit", "closed_on_sunday", "sign_response")'),
}, wrong={
    "the order they were added in": (PREDICTED.replace('["route", "log_visit", "closed_on_sunday", "sign_response"]',
                                                      '["sign_response", "closed_on_sunday", "log_visit", "route"]'), "❌"),
    "sunday still reaches the route": (PREDICTED.replace('["closed_on_sunday", "sign_response"]',
                                                        '["route", "log_visit", "closed_on_sunday", "sign_response"]'), "❌"),
    "no middleware for a 404": (PREDICTED.replace('"GET /nowhere": ["log_visit", "closed_on_sunday", "sign_response"]', '"GET /nowhere": []'), "❌"),
})

_PATH = 'path = request.url.path.removeprefix(request.scope.get("root_path", ""))'
stranger("admin_guard", right={
    "root_path by hand, an early return, a plain Response": GUARD.replace(
        _PATH, 'root = request.scope.get("root_path") or ""\n    path = request.url.path[len(root):] if request.url.path.startswith(root) else request.url.path'),
    "Request.headers with a default of None": GUARD.replace(
        'key = request.headers.get("x-admin-key", "")\n        if not secrets.compare_digest(key.encode(), ADMIN_KEY.encode()):',
        'key = request.headers.get("X-Admin-Key")\n        if key is None or not secrets.compare_digest(key.encode("utf-8"), ADMIN_KEY.encode("utf-8")):'),
}, wrong={
    "guards any path holding /admin": (GUARD.replace('    if path.startswith("/admin"):', '    if "/admin" in request.url.path:'),
                                        "GET /help/admin answers 401, expected 404"),
    "a prefix from the environment": (GUARD.replace(
        _PATH, 'path = request.url.path.removeprefix(__import__("os").environ.get("JUPYTERHUB_SERVICE_PREFIX", "").rstrip("/"))'), "❌"),
    "drops what is not ASCII": (GUARD.replace("key.encode(), ADMIN_KEY.encode()", 'key.encode("ascii", "ignore"), ADMIN_KEY.encode()'),
                                "with a wrong key, it with a non-ASCII character after it"),
})

# A kernel restarted, then only the set-up cell run: the app has none of the lesson's routes, and
# every answer would be a 404 that proves nothing.
_RESTART = ("\napp.router.routes[:] = [route for route in app.router.routes\n"
            "                      if getattr(route, 'path', '') in ('/openapi.json', '/docs', '/docs/oauth2-redirect', '/redoc')]\n")
for _exercise in EXERCISES:
    if _exercise.lesson == __name__[-2:] and _exercise.name.startswith("predict"):
        _exercise.wrong["stranger: after a restart, the set-up cell only"] = (
            [(_exercise.solution, _exercise.solution + _RESTART)], "run the lesson's cells")

stranger("admin_guard", wrong={
    "JupyterHub's prefix only": (GUARD.replace(
        _PATH, 'path = __import__("re").sub(r"^/user/[^/]+/proxy/[0-9]+", "", request.url.path)'),
        "under the proxy prefix /binder/jupyter/user/ada-x1/proxy/8000"),
})

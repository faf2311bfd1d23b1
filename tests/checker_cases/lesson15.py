"""Answers a learner could write to lesson 15's exercises (see tests/test_checker_cases.py)."""

from checker_cases import stranger as shared_stranger
from checker_cases import ASYNC, add  # noqa: F401

LESSON_15 = """
from fastapi import FastAPI, status
from fastapi.middleware.cors import CORSMiddleware
app = FastAPI()

@app.get("/products")
async def list_products():
    return [{"id": 1, "name": "Teapot"}, {"id": 2, "name": "Kettle"}]

app.add_middleware(
    CORSMiddleware,
    allow_origins=["https://app.example.com"],
    allow_methods=["GET", "POST"],
    allow_headers=["Content-Type"],
)
# serve
"""

PREDICTED = """predictions = {
    "OPTIONS /products": 200,
    "OPTIONS /products/7": 400,
    "OPTIONS /cart": 400,
    "OPTIONS /search": 400,
    "OPTIONS /orders": 400,
    "OPTIONS /like": 200,
}
"""

add("15", LESSON_15, {
    "name": "predict_preflights",
    "arguments": ("predictions",),
    "solution": PREDICTED,
    "right": {
        "as text": [('"OPTIONS /products": 200', '"OPTIONS /products": "200"'), ('"OPTIONS /cart": 400', '"OPTIONS /cart": "400"')],
        "status constants": [('"OPTIONS /like": 200', '"OPTIONS /like": status.HTTP_200_OK'),
                             ('"OPTIONS /search": 400', '"OPTIONS /search": status.HTTP_400_BAD_REQUEST')],
    },
    "wrong": {
        "placeholder": ([(": 200,", ": ...,"), (": 400,", ": ...,")], "write down your predictions first (replace each ... with what you expect)"),
        "http is the same origin": ([('"OPTIONS /cart": 400', '"OPTIONS /cart": 200')], "OPTIONS /cart: you predicted 200, it answers 400"),
        "www is the same site": ([('"OPTIONS /search": 400', '"OPTIONS /search": 200')], "OPTIONS /search: you predicted 200, it answers 400"),
        "only the listed headers": ([('"OPTIONS /like": 200', '"OPTIONS /like": 400')], "OPTIONS /like: you predicted 400, it answers 200"),
        "a line removed": ([('    "OPTIONS /orders": 400,\n', "")], "no prediction for OPTIONS /orders"),
    },
})

SHOP = """app.add_middleware(
    CORSMiddleware,
    allow_origins=["https://shop.example", "http://localhost:5173"],
    allow_credentials=True,
    allow_methods=["GET", "POST", "DELETE"],
    allow_headers=["Authorization"],
)
"""

add("15", LESSON_15, {
    "name": "shop_cors",
    "solution": SHOP,
    "right": {
        "other order, lower-case header, Content-Type too": [
            ('["https://shop.example", "http://localhost:5173"]', '["http://localhost:5173", "https://shop.example"]'),
            ('["Authorization"]', '["authorization", "content-type"]')],
        "an origin regex": [('allow_origins=["https://shop.example", "http://localhost:5173"]',
                             r'allow_origin_regex=r"https://shop\.example|http://localhost:5173"')],
        "tuples, a max_age": [('["https://shop.example", "http://localhost:5173"]', '("https://shop.example", "http://localhost:5173")'),
                              ('["GET", "POST", "DELETE"]', '("DELETE", "GET", "POST")'),
                              ("    allow_credentials=True,\n", "    allow_credentials=True,\n    max_age=3600,\n")],
    },
    "wrong": {
        "placeholder": ([('["https://shop.example", "http://localhost:5173"]', '["*"]'), ('["GET", "POST", "DELETE"]', '["*"]'),
                         ('["Authorization"]', '["*"]')],
                        "a preflight from https://evil.example answers 200, expected 400"),
        "origins fixed, not the rest": ([('["GET", "POST", "DELETE"]', '["*"]'), ('["Authorization"]', '["*"]')],
                                        "a preflight for PUT answers 200, expected 400"),
        "no credentials": ([("    allow_credentials=True,\n", "")], "access-control-allow-credentials: None"),
        "a loose regex": ([('allow_origins=["https://shop.example", "http://localhost:5173"]',
                            r'allow_origin_regex=r"https?://(shop\.example|localhost:5173).*"')],
                          "a preflight from https://shop.example.evil.example answers 200, expected 400"),
        "DELETE forgotten": ([('["GET", "POST", "DELETE"]', '["GET", "POST"]')],
                             "a preflight from https://shop.example for DELETE with Authorization answers 400"),
        "null allowed too": ([('"http://localhost:5173"]', '"http://localhost:5173", "null"]')],
                             "a preflight from null answers 200, expected 400"),
        "any port of the shop": ([('allow_origins=["https://shop.example", "http://localhost:5173"]',
                                   r'allow_origin_regex=r"https://shop\.example(:\d+)?|http://localhost:5173"')],
                                 "a preflight from https://shop.example:8443 answers 200, expected 400"),
        "PATCH too": ([('["GET", "POST", "DELETE"]', '["GET", "POST", "DELETE", "PATCH"]')],
                      "a preflight for PATCH answers 200, expected 400"),
        "any header": ([('["Authorization"]', '["*"]')], "a preflight with the header X-Debug answers 200, expected 400"),
        "the port of the local front end left out": ([('"http://localhost:5173"]', '"http://localhost"]')],
                                                      "a preflight from http://localhost:5173 for DELETE with Authorization answers 400"),
    },
})


# --- answers written as a stranger would, from the exercise's text alone (issue 19, round 3) ---
from checker_cases import EXERCISES  # noqa: E402


def stranger(name: str, right: dict[str, str] | None = None, wrong: dict[str, tuple[str, str]] | None = None) -> None:
    shared_stranger("15", name, right, wrong)


def solution_of(name: str) -> str:
    return next(e for e in EXERCISES if e.lesson == "15" and e.name == name).solution


stranger("predict_preflights", right={
    "HTTPStatus": PREDICTED.replace('"OPTIONS /products": 200', '"OPTIONS /products": __import__("http").HTTPStatus.OK'),
}, wrong={
    "DELETE is simple": (PREDICTED.replace('"OPTIONS /products/7": 400', '"OPTIONS /products/7": 200'), "❌"),
    "Authorization is safelisted": (PREDICTED.replace('"OPTIONS /orders": 400', '"OPTIONS /orders": 200'), "❌"),
    "all 200": (PREDICTED.replace(": 400,", ": 200,"), "❌"),
})

stranger("shop_cors", right={
    "a regex that matches the two exactly": SHOP.replace(
        'allow_origins=["https://shop.example", "http://localhost:5173"]',
        r'allow_origin_regex=r"https://shop\.example|http://localhost:5173"'),
    "a tuple, lower-case header, Content-Type too": SHOP.replace(
        '["https://shop.example", "http://localhost:5173"]', '("https://shop.example", "http://localhost:5173")').replace(
        'allow_headers=["Authorization"]', 'allow_headers=["authorization", "content-type"]'),
}, wrong={
    "a regex open at the end": (SHOP.replace(
        'allow_origins=["https://shop.example", "http://localhost:5173"]',
        r'allow_origin_regex=r"https://shop\.example.*|http://localhost:5173"'), "❌"),
    "a regex with an unescaped dot": (SHOP.replace(
        'allow_origins=["https://shop.example", "http://localhost:5173"]',
        r'allow_origin_regex=r"https?://shop.example(:\d+)?|http://localhost:5173"'), "❌"),
    "methods in lower case": (SHOP.replace('["GET", "POST", "DELETE"]', '["get", "post", "delete"]'), "❌"),
    "no credentials": (SHOP.replace("allow_credentials=True", "allow_credentials=False"), "❌"),
    "every header": (SHOP.replace('allow_headers=["Authorization"]', 'allow_headers=["*"]'), "❌"),
    "the origin with a slash": (SHOP.replace('"https://shop.example",', '"https://shop.example/",'), "❌"),
    "null allowed for local files": (SHOP.replace('"http://localhost:5173"]', '"http://localhost:5173", "null"]'), "❌"),
})

# A kernel restarted, then only the set-up cell run: the app has none of the lesson's routes, and
# every answer would be a 404 that proves nothing.
_RESTART = ("\napp.router.routes[:] = [route for route in app.router.routes\n"
            "                      if getattr(route, 'path', '') in ('/openapi.json', '/docs', '/docs/oauth2-redirect', '/redoc')]\n")
for _exercise in EXERCISES:
    if _exercise.lesson == __name__[-2:] and _exercise.name.startswith("predict"):
        _exercise.wrong["stranger: after a restart, the set-up cell only"] = (
            [(_exercise.solution, _exercise.solution + _RESTART)], "run the lesson's cells")

stranger("shop_cors", wrong={
    "every subdomain of the shop": (SHOP.replace(
        'allow_origins=["https://shop.example", "http://localhost:5173"]',
        r'allow_origin_regex=r"https://(.*\.)?shop\.example|https://.*shop\.example|http://localhost:5173"'),
        "https://evilshop.example"),
})

stranger("shop_cors", wrong={
    "the origin echoed by hand on every answer": (SHOP + """

@app.middleware("http")
async def cors_on_every_answer(request, call_next):
    response = await call_next(request)
    if "origin" in request.headers:
        response.headers["Access-Control-Allow-Origin"] = request.headers["origin"]
    return response
""", "a GET from https://evil.example with a cookie gets access-control-allow-origin: https://evil.example"),
})

"""Answers a learner could write to lesson 14's exercises (see tests/test_checker_cases.py)."""

from checker_cases import ASYNC, add  # noqa: F401

LESSON_14 = """
import secrets
from typing import Annotated
from fastapi import Depends, FastAPI, Header, HTTPException, Request
from fastapi.middleware.cors import CORSMiddleware
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
add("14", LESSON_14, {
    "name": "shop_cors",
    "solution": (
        "app.add_middleware(\n    CORSMiddleware,\n"
        '    allow_origins=["https://shop.example", "http://localhost:5173"],\n'
        '    allow_methods=["GET", "POST", "DELETE"],\n    allow_headers=["Authorization"],\n    allow_credentials=True,\n)\n'
    ),
    "right": {
        "other order, lower-case header": [('["https://shop.example", "http://localhost:5173"]', '["http://localhost:5173", "https://shop.example"]'), ('["Authorization"]', '["authorization", "content-type"]')],
        "an origin regex": [('allow_origins=["https://shop.example", "http://localhost:5173"]', r'allow_origin_regex=r"https://shop\.example|http://localhost:5173"')],
    },
    "wrong": {
        "placeholder": ([('["https://shop.example", "http://localhost:5173"]', '["https://app.example.com"]'), ('"POST", "DELETE"', '"POST"'), ('["Authorization"]', '["Content-Type"]'), ("    allow_credentials=True,\n", "")],
                        "a preflight from https://shop.example for DELETE with Authorization answers 400"),
        "any origin": ([('["https://shop.example", "http://localhost:5173"]', '["*"]')], "a preflight from https://evil.example answers 200, expected 400"),
        "no credentials": ([("    allow_credentials=True,\n", "")], "access-control-allow-credentials: None"),
        "any method": ([('["GET", "POST", "DELETE"]', '["*"]')], "a preflight for PUT answers 200, expected 400"),
    },
}, {
    "name": "admin_guard",
    "solution": (
        'ADMIN_KEY = "open-sesame"\n\n@app.get("/admin/stats")\nasync def admin_stats():\n    return {"products": 2}\n\n'
        '@app.middleware("http")\nasync def admin_guard(request: Request, call_next):\n'
        '    path = request.url.path.removeprefix(request.scope.get("root_path", ""))\n'
        '    if path.startswith("/admin"):\n        key = request.headers.get("x-admin-key", "")\n'
        "        if not secrets.compare_digest(key.encode(), ADMIN_KEY.encode()):\n"
        '            return JSONResponse({"detail": "Admin key required"}, status_code=401)\n'
        "    return await call_next(request)\n"
    ),
    "right": {
        "== and another name": [("async def admin_guard", "async def guard"), ("not secrets.compare_digest(key.encode(), ADMIN_KEY.encode())", "key != ADMIN_KEY")],
        "a dependency on the route (APIKeyHeader)": [
            ('@app.middleware("http")\nasync def admin_guard(request: Request, call_next):\n    path = request.url.path.removeprefix(request.scope.get("root_path", ""))\n    if path.startswith("/admin"):\n        key = request.headers.get("x-admin-key", "")\n        if not secrets.compare_digest(key.encode(), ADMIN_KEY.encode()):\n            return JSONResponse({"detail": "Admin key required"}, status_code=401)\n    return await call_next(request)\n', ""),
            ('@app.get("/admin/stats")\nasync def admin_stats():', 'def admin_key(key: Annotated[str | None, Depends(APIKeyHeader(name="X-Admin-Key", auto_error=False))]):\n    if not secrets.compare_digest((key or "").encode(), ADMIN_KEY.encode()):\n        raise HTTPException(401, "Admin key required")\n\n@app.get("/admin/stats", dependencies=[Depends(admin_key)])\nasync def admin_stats():'),
        ],
    },
    "wrong": {
        "placeholder": ([('    if path.startswith("/admin"):', "    if False:")], "GET /admin/stats without a key answers 200, expected 401"),
        "HTTPException in middleware": ([('return JSONResponse({"detail": "Admin key required"}, status_code=401)', 'raise HTTPException(401, "Admin key required")')], "answers 500, expected 401"),
        "any case": ([("key.encode(), ADMIN_KEY.encode()", "key.lower().encode(), ADMIN_KEY.encode()")], "with X-Admin-Key: OPEN-SESAME answers 200, expected 401"),
        "every path": ([('    if path.startswith("/admin"):', '    if True:')], "GET / answers 401, expected 200"),
        "403": ([("status_code=401", "status_code=403")], "answers 403, expected 401"),
    },
})

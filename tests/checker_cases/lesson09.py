"""Answers a learner could write to lesson 09's exercises (see tests/test_checker_cases.py)."""

from checker_cases import ASYNC, add  # noqa: F401

add("09", (
    "import secrets\nfrom typing import Annotated\nfrom fastapi import Depends, FastAPI, Header, HTTPException, Query, status\n"
    "from fastapi.security import APIKeyHeader\napp = FastAPI()\n# serve\n"
), {
    "name": "paging",
    "solution": (
        'fruits = ["apple", "banana", "cherry", "date", "elderberry", "fig", "grape"]\n\n'
        "def pagination(page: Annotated[int, Query(ge=1)] = 1, size: Annotated[int, Query(ge=1, le=50)] = 3):\n"
        '    return {"skip": (page - 1) * size, "limit": size}\n\nPageDep = Annotated[dict, Depends(pagination)]\n\n'
        '@app.get("/fruits/")\ndef list_fruits(paging: PageDep):\n    return fruits[paging["skip"] : paging["skip"] + paging["limit"]]\n'
    ),
    "right": {
        "older = Query(1, ge=1)": [("page: Annotated[int, Query(ge=1)] = 1, size: Annotated[int, Query(ge=1, le=50)] = 3",
                                    "page: int = Query(1, ge=1), size: int = Query(3, gt=0, lt=51)")],
        "async dependency and route": [("def pagination", "async def pagination"), ("def list_fruits", "async def list_fruits")],
    },
    "wrong": {
        "size from 2": ([("Query(ge=1, le=50)", "Query(ge=2, le=50)")], "GET /fruits/?page=2&size=1 answers 422, expected 200"),
        "size up to 49": ([("le=50", "le=49")], "GET /fruits/?size=50 answers 422, expected 200"),
        "placeholder": ([("PageDep = Annotated[dict, Depends(pagination)]", "PageDep = dict")], "GET /fruits/ answers 422, expected 200. FastAPI rejected"),
        "skip = page * size": ([("(page - 1) * size", "page * size")], 'the body is ["date", "elderberry", "fig"], expected ["apple", "banana", "cherry"]'),
        "page from 0": ([("page: Annotated[int, Query(ge=1)]", "page: int")], "GET /fruits/?page=0 answers 200, expected 422"),
        "size 5": ([("Query(ge=1, le=50)] = 3", "Query(ge=1, le=50)] = 5")], '"elderberry"], expected ["apple", "banana", "cherry"]'),
        "size without bounds": ([("size: Annotated[int, Query(ge=1, le=50)] = 3", "size: int = 3")], "GET /fruits/?size=0 answers 200, expected 422"),
        "size with no upper bound": ([("Query(ge=1, le=50)", "Query(ge=1)")], "GET /fruits/?size=51 answers 200, expected 422"),
        # one for each step (`python3 course.py mutate 09 --steps`)
        "pages from 2 (gt for ge: the default 1 is never validated)": ([("page: Annotated[int, Query(ge=1)]", "page: Annotated[int, Query(gt=1)]")],
                                                                        "GET /fruits/?page=1 answers 422, expected 200"),
        "page bounded the wrong way (le for ge)": ([("page: Annotated[int, Query(ge=1)]", "page: Annotated[int, Query(le=1)]")],
                                                   "GET /fruits/?page=2 answers 422, expected 200"),
        "skip = page - 1 (the size forgotten)": ([("(page - 1) * size", "page - 1")],
                                                 'the body is ["banana", "cherry", "date"], expected ["date", "elderberry", "fig"]'),
        "pages up to len(fruits) // 3 (rounded down)": ([("Query(ge=1)] = 1", "Query(ge=1, le=len(fruits) // 3)] = 1")],
                                                        "GET /fruits/?page=3&size=2 answers 422, expected 200"),
        "the size ignored": ([('{"skip": (page - 1) * size, "limit": size}', '{"skip": (page - 1) * 3, "limit": 3}')],
                             'the body is ["grape"], expected ["elderberry", "fig"]'),
        "a partial last page refused": ([('    return {"skip"', '    if page * size > len(fruits):\n'
                                          '        raise HTTPException(status_code=404, detail="No such page")\n    return {"skip"')],
                                        "GET /fruits/?page=3 answers 404, expected 200"),
        "the last page kept full": ([('"skip": (page - 1) * size', '"skip": min((page - 1) * size, len(fruits) - size)')],
                                    'the body is ["elderberry", "fig", "grape"], expected ["grape"]'),
        "the limit kept inside the list, off by one": ([('"limit": size}', '"limit": min(size, len(fruits) - 1)}')],
                                                       'the body is ["apple", "banana", "cherry", "date", "elderberry", "fig"], expected'),
    },
}, {
    "name": "api_key",
    "solution": (
        "import secrets\n\n"
        'API_KEYS = {"let-me-in", "open-sesame"}\n\n\n'
        "def require_api_key(x_api_key: Annotated[str | None, Header()] = None):\n"
        '    given = (x_api_key or "").encode()\n'
        "    if not any(secrets.compare_digest(given, key.encode()) for key in API_KEYS):\n"
        "        raise HTTPException(\n            status_code=status.HTTP_401_UNAUTHORIZED,\n"
        '            detail="Missing or invalid API key",\n            headers={"WWW-Authenticate": "APIKey"},\n        )\n\n\n'
        '@app.get("/vault/", dependencies=[Depends(require_api_key)])\ndef read_vault():\n    return {"gold": 100}\n'
    ),
    "right": {
        "a loop that returns early, a plain 401": [
            ("    if not any(secrets.compare_digest(given, key.encode()) for key in API_KEYS):\n        raise",
             "    for key in sorted(API_KEYS):\n        if secrets.compare_digest(given, key.encode()):\n            return\n    if True:\n        raise"),
            ("status_code=status.HTTP_401_UNAUTHORIZED", "status_code=401")],
        "a parameter, async def": [
            (', dependencies=[Depends(require_api_key)])\ndef read_vault():', ")\nasync def read_vault(_: Annotated[None, Depends(require_api_key)]):"),
        ],
        "APIKeyHeader, hmac, the header in lower case": [
            ("def require_api_key(x_api_key: Annotated[str | None, Header()] = None):",
             'def require_api_key(x_api_key: Annotated[str | None, Depends(APIKeyHeader(name="X-API-Key", auto_error=False))]):'),
            ("secrets.compare_digest(given", "__import__('hmac').compare_digest(given"),
            ('"WWW-Authenticate": "APIKey"', '"www-authenticate": "apikey"'),
        ],
    },
    "wrong": {
        "another scheme": ([('"WWW-Authenticate": "APIKey"', '"WWW-Authenticate": "Bearer"')], "the 401's WWW-Authenticate is 'Bearer'"),
        "in a key (a substring)": ([("secrets.compare_digest(given, key.encode())", "given in key.encode()")],
                                   "GET /vault/ answers 200, expected 401"),
        "a key at the start is enough": ([("secrets.compare_digest(given, key.encode())", "given.startswith(key.encode())")],
                                         "answers 200, expected 401: only a key equal to one of API_KEYS may pass"),
        "written but not attached": ([(", dependencies=[Depends(require_api_key)])", ")")], "GET /vault/ answers 200, expected 401"),
        "placeholder": ([("    if not any(secrets.compare_digest(given, key.encode()) for key in API_KEYS):\n        raise",
                          "    if False:\n        raise")], "GET /vault/ answers 200, expected 401"),
        "403": ([("status.HTTP_401_UNAUTHORIZED", "status.HTTP_403_FORBIDDEN")], "answers 403, expected 401"),
        "any key": ([("if not any(secrets.compare_digest(given, key.encode()) for key in API_KEYS):", "if x_api_key is None:")],
                    "GET /vault/ answers 200, expected 401"),
        "required header": ([("Annotated[str | None, Header()] = None", "Annotated[str, Header()]")], "answers 422, expected 401"),
        "no WWW-Authenticate": ([('            headers={"WWW-Authenticate": "APIKey"},\n', "")], "the 401 has no WWW-Authenticate header"),
        "a prefix of a key is enough": ([("if not any(secrets.compare_digest(given, key.encode()) for key in API_KEYS):",
                                          "if not given or not any(key.encode().startswith(given) for key in API_KEYS):")],
                                        "GET /vault/ with X-API-Key 'l' (near 'let-me-in': its first character) answers 200, expected 401"),
        # one for each step (`python3 course.py mutate 09 --steps`)
        "another detail": ([('detail="Missing or invalid API key"', 'detail="Not authenticated"')],
                           'the body is {"detail": "Not authenticated"}, expected {"detail": "Missing or invalid API key"}'),
        "a detail of its own for a wrong key": (
            [('    given = (x_api_key or "").encode()\n',
              '    if x_api_key is None:\n        raise HTTPException(status_code=401, detail="Missing or invalid API key", '
              'headers={"WWW-Authenticate": "APIKey"})\n    given = x_api_key.encode()\n'),
             ('detail="Missing or invalid API key",\n', 'detail="Invalid API key",\n')],
            'the body is {"detail": "Invalid API key"}, expected {"detail": "Missing or invalid API key"}'),
        "WWW-Authenticate only for a missing key": (
            [('    given = (x_api_key or "").encode()\n',
              '    if x_api_key is None:\n        raise HTTPException(status_code=401, detail="Missing or invalid API key", '
              'headers={"WWW-Authenticate": "APIKey"})\n    given = x_api_key.encode()\n'),
             ('            headers={"WWW-Authenticate": "APIKey"},\n', '')],
            "the 401 has no WWW-Authenticate header"),
        "a typo in the first key": ([('{"let-me-in", "open-sesame"}', '{"let_me_in", "open-sesame"}')], "GET /vault/ answers 401, expected 200"),
        "the gold as a text": ([('return {"gold": 100}', 'return {"gold": "100"}')], 'the body is {"gold": "100"}, expected {"gold": 100}'),
        "a typo in the second key": ([('{"let-me-in", "open-sesame"}', '{"let-me-in", "open_sesame"}')],
                                     "GET /vault/ with X-API-Key 'open-sesame' answers 401"),
        "letter case ignored": ([("secrets.compare_digest(given, key.encode())", "secrets.compare_digest(given.lower(), key.upper().encode().lower())")],
                                "(near 'let-me-in': it in other letter case) answers 200, expected 401"),
    },
})

ORDERS_SETUP_09 = '''
order_events = []

ORDERS = {1: {"id": 1, "item": "tea", "count": 2}, 2: {"id": 2, "item": "scones", "count": 6}}


class Connection:
    def __init__(self):
        order_events.append("open")

    def rollback(self):
        order_events.append("rollback")

    def close(self):
        order_events.append("close")
'''

ORDERS_09 = '''
def get_connection():
    connection = Connection()
    try:
        yield connection
    except Exception:
        connection.rollback()
        raise
    finally:
        connection.close()


@app.get("/orders/{order_id}")
def read_order(order_id: int, connection: Annotated[Connection, Depends(get_connection)]):
    if order_id not in ORDERS:
        raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail="Order not found")
    return ORDERS[order_id]
'''

add("09", (
    "from typing import Annotated\nfrom fastapi import Depends, FastAPI, HTTPException, status\n"
    "from fastapi.responses import JSONResponse\napp = FastAPI()\n# serve\n" + ORDERS_SETUP_09
), {
    "name": "swallowed_error",
    "solution": ORDERS_09,
    "right": {
        "raise error, async route": [("    except Exception:\n        connection.rollback()\n        raise\n",
                                      "    except Exception as error:\n        connection.rollback()\n        raise error\n"),
                                     ("def read_order", "async def read_order")],
        "no finally, scope=function": [
            ("        raise\n    finally:\n        connection.close()\n", "        connection.close()\n        raise\n    connection.close()\n"),
            ("Depends(get_connection)", 'Depends(get_connection, scope="function")'),
        ],
        "an else for the happy path": [("        raise\n    finally:", "        raise\n    else:\n        pass\n    finally:")],
    },
    "wrong": {
        "placeholder (the error swallowed)": ([("        connection.rollback()\n        raise\n", "        connection.rollback()\n")],
                                              "GET /orders/7 answers 500, expected 404. Your code raised FastAPIError: Response not awaited"),
        "a new 500 instead": ([("        raise\n", "        raise HTTPException(status_code=500, detail='database error')\n")],
                              "GET /orders/7 answers 500, expected 404"),
        "no rollback": ([("    except Exception:\n        connection.rollback()\n        raise\n", "")],
                        "after a request for a missing order, the connection was closed but not rolled back"),
        "rollback every time": ([("        connection.close()\n", "        connection.rollback()\n        connection.close()\n")],
                                "a request for a missing order: the events are ['open', 'rollback', 'rollback', 'close'], expected"),
        "never closed": ([("    finally:\n        connection.close()\n", "")], "the connection was never closed"),
        # one for each step (`python3 course.py mutate 09 --steps`)
        "the route's path misspelt": ([('@app.get("/orders/{order_id}")', '@app.get("/order/{order_id}")')],
                                      "GET /orders/1 answers 404, expected 200"),
        "every failure turned into a 404 of its own": ([("        connection.rollback()\n        raise\n",
                                                         "        connection.rollback()\n        raise HTTPException(status_code=404, detail=\"Not found\")\n")],
                                                       'the body is {"detail": "Not found"}, expected {"detail": "Order not found"}'),
        "a raise in finally as well": ([("        connection.close()\n", "        connection.close()\n        raise\n")],
                                       "after a request that succeeded, the dependency's clean-up raised RuntimeError"),
        "the 404 returned, not raised": ([("        raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail=\"Order not found\")",
                                           "        return JSONResponse({'detail': 'Order not found'}, status_code=404)")],
                                         "the connection was closed but not rolled back"),
    },
})

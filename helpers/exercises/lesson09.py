"""Checkers for lesson 09, Dependencies."""

import time

import httpx

from helpers.checks import Check, Report, errors_logged, exercise, learner_namespace, log_mark, same_json
from helpers.checks import hint as hint  # in a notebook: check.hint("name")
from helpers.hostile import near_misses
from helpers.progress import checker
from helpers.server import LiveServer

FRUITS = ["apple", "banana", "cherry", "date", "elderberry", "fig", "grape"]
ORDERS = {1: {"id": 1, "item": "tea", "count": 2}, 2: {"id": 2, "item": "scones", "count": 6}}


def _body(response: httpx.Response) -> object:
    """The JSON of an answer, or None when it has none."""
    try:
        return response.json()
    except ValueError:
        return None


@checker
def paging(server: LiveServer) -> Report:
    """GET /fruits/ pages through the fruits with ?page= and ?size=, via a shared dependency."""
    nudge = (
        "The dependency's parameters are query parameters, validated like a route's own: give "
        "`page` a lower limit and `size` both limits. Then name the dependency in an Annotated "
        "alias, as CommonsDep does."
    )
    hint = (
        "In pagination: skip = (page - 1) * size, and declare "
        "`page: Annotated[int, Query(ge=1)] = 1, size: Annotated[int, Query(ge=1, le=50)] = 3`. "
        "Then `PageDep = Annotated[dict, Depends(pagination)]`."
    )
    with exercise("paging", server, nudge=nudge, hint=hint) as check:
        # ?page=1 and ?size=1 are there for the bounds (a default is never validated: gt=1 would pass
        # a bare /fruits/): their bodies are the arithmetic the other pages prove, no line of their own.
        for query, page, size in (("", 1, 3), ("?page=1", 1, 3), ("?page=2", 2, 3), ("?page=3&size=2", 3, 2), ("?page=3", 3, 3),
                                  ("?size=50", 1, 50), ("?page=2&size=1", 2, 1)):
            response = check.call(server, "GET", f"/fruits/{query}")
            check.status(response, 200)
            skip = (page - 1) * size
            if query in ("?page=1", "?page=2&size=1"):
                check.require(same_json(_body(response), FRUITS[skip : skip + size]),
                              f"GET /fruits/{query}: the body is {response.text[:200]}, expected {FRUITS[skip : skip + size]}")
            else:
                check.json(response, FRUITS[skip : skip + size])
        for query in ("?page=0", "?size=0", "?size=51"):
            response = check.call(server, "GET", f"/fruits/{query}")
            check.status(response, 422)
    return check.report


def _events_of(check: Check, server: LiveServer, path: str, events: list, expected: list[str], what: str) -> None:
    """The events one request to `path` adds to the lesson's `order_events` must be `expected`,
    and its clean-up raises nothing. The clean-up runs after the answer is sent, so wait for its
    "close" (at most 2 s). The check's own events are taken out of the list again."""
    log = log_mark(server)  # waits for earlier requests, whose clean-up also runs after their answer
    mark = len(events)
    try:
        check.call(server, "GET", path)
        deadline = time.perf_counter() + 2
        while "close" not in events[mark:] and time.perf_counter() < deadline:
            time.sleep(0.01)
        added = list(events[mark:])
    finally:
        del events[mark:]
    if "close" not in added:
        check.fail(f"after {what}, the connection was never closed (events: {added})")
    if expected == ["open", "rollback", "close"] and "rollback" not in added:
        check.fail(f"after {what}, the connection was closed but not rolled back (events: {added})")
    errors = errors_logged(server, log) if expected == ["open", "close"] else []
    if errors:
        check.fail(f"after {what}, the dependency's clean-up raised {errors[-1]} (events: {added}): "
                   "a bare `raise` belongs in the `except` block, where there is an exception to pass on")
    check.expect(added == expected, f"{what}: the events are {added}", f"{what}: the events are {added}, expected {expected}")


@checker
def swallowed_error(server: LiveServer) -> Report:
    """GET /orders/{id} answers the order or the route's own 404; the yield dependency rolls back
    after a failure, and closes the connection every time."""
    nudge = (
        "An exception raised in the route is thrown into the dependency at its `yield`. An "
        "`except` there may clean up, but it must let the exception go on, or FastAPI has no "
        "answer to send and the client gets a 500 instead of your 404."
    )
    hint = "In get_connection's `except Exception:` block, add a bare `raise` after `connection.rollback()`."
    with exercise("swallowed_error", server, nudge=nudge, hint=hint) as check:
        # The route is the lesson's: one line for what it answers, with the standard report of a
        # wrong status (and the error the server logged) when it fails.
        for order_id, order in ORDERS.items():
            response = check.call(server, "GET", f"/orders/{order_id}")
            check.status(response, 200, line=False)
            check.require(same_json(_body(response), order), f"GET /orders/{order_id}: the body is {response.text[:200]}, expected {order}")
        check.note("GET /orders/1 and /orders/2 answer 200 with their orders")
        for order_id in (7, 99):
            response = check.call(server, "GET", f"/orders/{order_id}")
            if order_id == 7:
                check.status(response, 404)
                check.json(response, {"detail": "Order not found"})
            elif response.status_code != 404 or not same_json(_body(response), {"detail": "Order not found"}):
                check.status(response, 404)  # the same path as /orders/7's: a line only when it fails
                check.json(response, {"detail": "Order not found"})
        events = learner_namespace(server, "/orders/{order_id}").get("order_events")
        if not isinstance(events, list):
            check.fail("there is no list `order_events`: run the exercise cell as it was given, then fix it")
        _events_of(check, server, "/orders/7", events, ["open", "rollback", "close"], "a request for a missing order")
        _events_of(check, server, "/orders/1", events, ["open", "close"], "a request that succeeded")
    return check.report


@checker
def api_key(server: LiveServer) -> Report:
    """GET /vault/ answers only requests with a valid X-API-Key header; others get a 401 with
    WWW-Authenticate."""
    nudge = (
        "A dependency that raises HTTPException stops the request before the route runs: raise "
        "the 401, with its WWW-Authenticate header, there, and attach the dependency in the "
        "decorator, as /secret/ does above. Only a key equal to one of API_KEYS may pass."
    )
    hint = (
        "In require_api_key: `given = (x_api_key or \"\").encode()`, and "
        "`if not any(secrets.compare_digest(given, key.encode()) for key in API_KEYS): "
        'raise HTTPException(status_code=401, detail="Missing or invalid API key", '
        'headers={"WWW-Authenticate": "APIKey"})`; add `dependencies=[Depends(require_api_key)]` '
        "to the decorator."
    )
    with exercise("api_key", server, nudge=nudge, hint=hint) as check:
        for headers in ({}, {"X-API-Key": "guess"}):
            response = check.call(server, "GET", "/vault/", headers=headers)
            check.status(response, 401)
            check.json(response, {"detail": "Missing or invalid API key"})
            scheme = response.headers.get("www-authenticate", "").split(" ", 1)[0]
            check.expect(scheme.lower() == "apikey", "the 401 says how to authenticate (WWW-Authenticate: APIKey)",
                         ('the 401 has no WWW-Authenticate header' if not scheme else f"the 401's WWW-Authenticate is {scheme!r}")
                         + ': add headers={"WWW-Authenticate": "APIKey"}')
        # A header cannot carry spaces around its value (the server strips them): that near miss is left out.
        for key in ("let-me-in", "open-sesame"):
            for what, value in near_misses(key).items():
                if value.strip() != value:
                    continue
                response = check.call(server, "GET", "/vault/", headers={"X-API-Key": value})
                check.require(response.status_code == 401,
                              f"GET /vault/ with X-API-Key {value!r} (near {key!r}: {what}) answers "
                              f"{response.status_code}, expected 401: only a key equal to one of API_KEYS may pass")
        check.note("keys that are almost right (a part, more, another case) get a 401")
        response = check.call(server, "GET", "/vault/", headers={"X-API-Key": "let-me-in"})
        check.status(response, 200)
        check.json(response, {"gold": 100})
        # The other key in one line, which ends the check with the reminder of how to compare.
        response = check.call(server, "GET", "/vault/", headers={"X-API-Key": "open-sesame"})
        check.expect(
            response.status_code == 200 and same_json(_body(response), {"gold": 100}),
            "the other key, 'open-sesame', opens it too (over HTTP a check cannot time your code: "
            "compare secrets with secrets.compare_digest, never == or in)",
            f"GET /vault/ with X-API-Key 'open-sesame' answers {response.status_code} {response.text[:200]}, "
            'expected 200 {"gold": 100}: every key of API_KEYS opens the vault',
        )
    return check.report

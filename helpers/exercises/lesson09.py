"""Checkers for lesson 09, Dependencies."""

from helpers.checks import Report, exercise
from helpers.checks import hint as hint  # in a notebook: check.hint("name")
from helpers.progress import checker
from helpers.server import LiveServer

FRUITS = ["apple", "banana", "cherry", "date", "elderberry", "fig", "grape"]


@checker
def paging(server: LiveServer) -> Report:
    """GET /fruits/ pages through the fruits with ?page= and ?size=, via a shared dependency."""
    hint = (
        "In pagination: skip = (page - 1) * size, and declare "
        "`page: Annotated[int, Query(ge=1)] = 1`. Then "
        "`PageDep = Annotated[dict, Depends(pagination)]`."
    )
    with exercise("paging", hint, server) as check:
        for query, page, size in (("", 1, 3), ("?page=2", 2, 3), ("?page=3&size=2", 3, 2)):
            response = check.call(server, "GET", f"/fruits/{query}")
            check.status(response, 200)
            skip = (page - 1) * size
            check.json(response, FRUITS[skip : skip + size])
        response = check.call(server, "GET", "/fruits/?page=0")
        check.status(response, 422)
    return check.report


@checker
def api_key(server: LiveServer) -> Report:
    """GET /vault/ answers only requests with a valid X-API-Key header; others get a 401."""
    hint = (
        'In require_api_key: `if x_api_key not in API_KEYS: raise HTTPException(status_code=401, '
        'detail="Missing or invalid API key")`, and add '
        "`dependencies=[Depends(require_api_key)]` to the decorator."
    )
    with exercise("api_key", hint, server) as check:
        for headers in ({}, {"X-API-Key": "guess"}):
            response = check.call(server, "GET", "/vault/", headers=headers)
            check.status(response, 401)
            check.json(response, {"detail": "Missing or invalid API key"})
        for key in ("let-me-in", "open-sesame"):
            response = check.call(server, "GET", "/vault/", headers={"X-API-Key": key})
            check.status(response, 200)
            check.json(response, {"gold": 100})
    return check.report

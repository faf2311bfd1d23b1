"""Checkers for lesson 17, Background tasks.

The checkers' orders and reports are taken out of the lesson's RECEIPTS and REPORTS again at
the end, so they leave no data behind (only the report ids they used stay used).
"""

import copy
import time
from collections.abc import Iterator
from contextlib import contextmanager

from helpers.checks import Report, exercise, learner_namespace, number
from helpers.checks import hint as hint  # in a notebook: check.hint("name")
from helpers.progress import checker
from helpers.server import LiveServer

WAIT = 3.0  # seconds a checker waits for a background task to finish


def _poll(condition, timeout: float = WAIT) -> bool:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            return False
        time.sleep(0.02)
    return True


@contextmanager
def _restored(server: LiveServer, path: str, method: str, name: str) -> Iterator[None]:
    """Put the list or dict `name`, defined next to the route `method path`, back as it was."""
    data = learner_namespace(server, path, method).get(name)
    saved = copy.copy(data) if isinstance(data, (list, dict)) else None
    try:
        yield
    finally:
        if saved is not None:
            server.logs()  # waits (a second at most) for background tasks still running
            data.clear()
            if isinstance(data, list):
                data.extend(saved)
            else:
                data.update(saved)


@checker
def receipts(server: LiveServer) -> Report:
    """POST /orders/{item} answers before the slow receipt is written, which GET /receipts shows later."""
    hint = (
        "Add `background_tasks: BackgroundTasks` to place_order's parameters and replace the "
        "call with `background_tasks.add_task(write_receipt, item)`."
    )
    with exercise("receipts", hint, server) as check, _restored(server, "/receipts", "GET", "RECEIPTS"):
        for item in ("scone", "jam"):
            before = check.call(server, "GET", "/receipts")
            check.status(before, 200)
            count = before.json().count(item)
            response = check.call(server, "POST", f"/orders/{item}")
            check.status(response, 200)
            check.json(response, {"item": item, "status": "accepted"})
            right_after = check.call(server, "GET", "/receipts").json()
            check.expect(
                right_after.count(item) == count,
                f"the response for {item!r} came before its receipt was written",
                f"the receipt for {item!r} was already written when the response came: the "
                "route still writes it before answering",
            )

            def written() -> bool:
                return check.call(server, "GET", "/receipts").json().count(item) > count

            check.expect(
                _poll(written),
                f"the receipt for {item!r} is written afterwards",
                f"no receipt for {item!r} within {WAIT:.0f} s: is write_receipt added as a task?",
            )
    return check.report


@checker
def reports(server: LiveServer) -> Report:
    """POST /reports answers 202 with a pending job; the task fills in the total."""
    hint = (
        "Use `@app.post(\"/reports\", status_code=202)`, add `background_tasks: BackgroundTasks` "
        "to the parameters, and call `background_tasks.add_task(build_report, report_id, numbers)`."
    )
    with exercise("reports", hint, server) as check, _restored(server, "/reports", "POST", "REPORTS"):
        seen: set[int] = set()
        for numbers in ([1, 2, 3], [10, 0.5]):
            response = check.call(server, "POST", "/reports", json=numbers)
            check.status(response, 202)
            body = response.json()
            report_id = body.get("report_id") if isinstance(body, dict) else None
            check.expect(
                type(report_id) is int and report_id not in seen,
                "it answers a new report_id",
                f"the body {body!r} has no new whole-number report_id",
            )
            seen.add(report_id)
            check.json(response, {"report_id": report_id, "status": "pending"})

            def done() -> bool:
                reply = check.call(server, "GET", f"/reports/{report_id}").json()
                return reply.get("status") == "done"

            check.expect(
                _poll(done),
                f"GET /reports/{report_id} says done after a moment",
                f"GET /reports/{report_id} is not done after {WAIT:.0f} s: is build_report added "
                "as a background task?",
            )
            final = check.call(server, "GET", f"/reports/{report_id}")
            check.json(final, {"report_id": report_id, "status": "done", "total": number(sum(numbers))})
    return check.report

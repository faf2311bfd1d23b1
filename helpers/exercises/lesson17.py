"""Checkers for lesson 17, Background tasks.

The checkers' orders and reports are taken out of the lesson's RECEIPTS and REPORTS again at
the end, so they leave no data behind (only the report ids they used stay used).
"""

import copy
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from helpers.checks import Check, Report, errors_logged, exercise, json_difference, learner_namespace, log_mark, number, show
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


def _silently(check: Check) -> Callable[[bool, str, str], None]:
    """`check.expect` without the line when it holds: for a repeat of steps already shown."""
    return lambda ok, success, failure: check.require(ok, failure)


@checker
def receipts(server: LiveServer) -> Report:
    """POST /orders/{item} answers before the slow receipt is written, which GET /receipts shows later."""
    nudge = (
        "The route itself still does the slow work before it returns. Let FastAPI give the route "
        "an object that collects work to run after the response, and hand the receipt to it."
    )
    hint = (
        "Add `background_tasks: BackgroundTasks` to place_order's parameters and replace the "
        "call with `background_tasks.add_task(write_receipt, item)`."
    )
    with exercise("receipts", server, nudge=nudge, hint=hint) as check, _restored(server, "/receipts", "GET", "RECEIPTS"):
        for item in ("scone", "jam"):
            # The second order repeats the first with another item (a hard-coded item fails it);
            # its conditions get no lines of their own, so that each line of the report is a rule.
            step = check.expect if item == "scone" else _silently(check)
            before = check.call(server, "GET", "/receipts")
            if before.status_code != 200:  # the lesson's own route: no line of its own
                check.status(before, 200)
            count = before.json().count(item)
            response = check.call(server, "POST", f"/orders/{item}")
            if item == "scone" or response.status_code != 200:
                check.status(response, 200)
            if item == "scone" or json_difference(response.json(), {"item": item, "status": "accepted"}) is not None:
                check.json(response, {"item": item, "status": "accepted"})
            right_after = check.call(server, "GET", "/receipts").json()
            step(
                right_after.count(item) == count,
                f"the response for {item!r} came before its receipt was written",
                f"the receipt for {item!r} was already written when the response came: the "
                "route still writes it before answering",
            )

            def written() -> bool:
                return check.call(server, "GET", "/receipts").json().count(item) > count

            step(
                _poll(written),
                f"the receipt for {item!r} is written afterwards",
                f"no receipt for {item!r} within {WAIT:.0f} s: is write_receipt added as a task?",
            )
    return check.report


@checker
def reports(server: LiveServer) -> Report:
    """POST /reports answers 202 with a pending job that ends done with the total and average;
    a list the task cannot average ends "failed" (an empty one may be a 422), never pending forever."""
    nudge = (
        "The task raises for some lists after the 202 was sent (`server.logs()` shows what), so "
        "nothing ever updates the job. Let the task catch what can go wrong in its arithmetic and "
        "record in the job that it failed."
    )
    hint = (
        "In build_report, wrap the sum and the average in `try:` / `except ArithmeticError:` "
        "(the parent of ZeroDivisionError and OverflowError), and there store "
        '{"report_id": report_id, "status": "failed", "detail": "..."} in REPORTS.'
    )
    with exercise("reports", server, nudge=nudge, hint=hint) as check, _restored(server, "/reports", "POST", "REPORTS"):
        mark = log_mark(server)
        seen: set[int] = set()
        for numbers in ([1, 2, 3], [10, 0.5]):
            report_id = _started(check, server, numbers, seen, shown=not seen)
            final = _finished(check, server, report_id, mark)
            total = sum(numbers)
            expected = {"report_id": report_id, "status": "done", "total": number(total), "average": number(total / len(numbers))}
            check.same(final, expected, f"GET /reports/{report_id}")
        for numbers in ([], [1e308, 1e308]):
            response = check.call(server, "POST", "/reports", json=numbers)
            if response.status_code == 422 and not numbers:
                check.note("POST /reports with [] is refused at once (422)")
                continue
            report_id = _started(check, server, numbers, seen, response, shown=False)
            final = _finished(check, server, report_id, mark)
            status = final.get("status") if isinstance(final, dict) else None
            check.require(
                status == "failed" and final.get("report_id") == report_id,
                f"the job for {show(numbers)} ends as {show(final)}, expected its report_id and \"status\": \"failed\"",
            )
            detail = final.get("detail")
            check.expect(
                isinstance(detail, str) and detail.strip() != "",
                f"the job for {show(numbers)} ends as failed, and says why in \"detail\"",
                f"the job for {show(numbers)} ends as {show(final)}, expected a \"detail\" that says why it failed",
            )
        unknown = max(seen, default=0) + 1000
        response = check.call(server, "GET", f"/reports/{unknown}")
        check.status(response, 404, why=f"no job has the id {unknown}: an unknown report_id is a 404, as read_report answered before your change")
    return check.report


def _started(check: Check, server: LiveServer, numbers: list, seen: set[int], response=None, *, shown: bool) -> int:
    """POST `numbers` (unless `response` is that answer already): a 202 with a new pending job.
    Shown as two lines (the 202, the pending job with a new id) for the first job only: the
    others repeat those rules, and fail with the same lines."""
    if response is None:
        response = check.call(server, "POST", "/reports", json=numbers)
    if shown or response.status_code != 202:
        check.status(response, 202)
    body = response.json()
    report_id = body.get("report_id") if isinstance(body, dict) else None
    check.require(type(report_id) is int and report_id not in seen,
                  f"the body {show(body)} has no new whole-number report_id")
    seen.add(report_id)
    if shown or json_difference(body, {"report_id": report_id, "status": "pending"}) is not None:
        check.json(response, {"report_id": report_id, "status": "pending"})
    return report_id


def _finished(check: Check, server: LiveServer, report_id: int, mark: int) -> object:
    """The job once it is no longer pending; fails, naming the task's error, if it stays pending."""
    path = f"/reports/{report_id}"

    def settled() -> bool:
        reply = check.call(server, "GET", path)
        return reply.status_code != 200 or reply.json().get("status") != "pending"

    if not _poll(settled):
        errors = errors_logged(server, mark)
        why = (
            f"its task raised {errors[-1]} after the 202 was sent" if errors
            else "nothing updated the job and no error was logged: does a task run, and store a result for every input?"
        )
        check.fail(f"GET {path} still says pending after {WAIT:.0f} s: {why}")
    response = check.call(server, "GET", path)
    check.status(response, 200, line=False)
    return response.json()

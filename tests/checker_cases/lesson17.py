"""Answers a learner could write to lesson 17's exercises (see tests/test_checker_cases.py)."""

from checker_cases import stranger as shared_stranger
from checker_cases import ASYNC, add  # noqa: F401

LESSON_17 = """
import itertools
import time
from typing import Annotated
import math
from fastapi import BackgroundTasks, Body, FastAPI, HTTPException, status
from pydantic import FiniteFloat
app = FastAPI()
# serve
"""

BUG = """    total = math.fsum(numbers)
    REPORTS[report_id] = {"report_id": report_id, "status": "done", "total": total, "average": total / len(numbers)}
"""
TRY = """    try:
        total = math.fsum(numbers)
        result = {"status": "done", "total": total, "average": total / len(numbers)}
    except ArithmeticError as error:
        result = {"status": "failed", "detail": f"cannot average these numbers ({type(error).__name__})"}
    REPORTS[report_id] = {"report_id": report_id, **result}
"""
IF = """    total = sum(numbers)
    if not numbers or not math.isfinite(total):
        REPORTS[report_id] = {"report_id": report_id, "status": "failed", "detail": "empty or too large"}
        return
    REPORTS[report_id] = {"report_id": report_id, "status": "done", "total": total, "average": total / len(numbers)}
"""
REPORTS = (
    "import math\n\nfrom pydantic import FiniteFloat\n\nREPORTS: dict[int, dict] = {}\nreport_ids = itertools.count(1)\n\n"
    "def build_report(report_id: int, numbers: list[float]):\n    time.sleep(0.1)\n" + TRY + "\n"
    '@app.post("/reports", status_code=202)\ndef start_report(numbers: list[FiniteFloat], background_tasks: BackgroundTasks):\n'
    "    report_id = next(report_ids)\n"
    '    REPORTS[report_id] = {"report_id": report_id, "status": "pending"}\n'
    "    background_tasks.add_task(build_report, report_id, numbers)\n    return REPORTS[report_id]\n\n"
    '@app.get("/reports/{report_id}")\ndef read_report(report_id: int):\n'
    "    if report_id not in REPORTS:\n"
    '        raise HTTPException(status_code=404, detail=f"No report {report_id}")\n'
    "    return REPORTS[report_id]\n"
)
add("17", LESSON_17, {
    "name": "receipts",
    "solution": (
        "RECEIPTS: list[str] = []\n\ndef write_receipt(item: str):\n    time.sleep(0.5)\n    RECEIPTS.append(item)\n\n"
        '@app.get("/receipts")\ndef read_receipts():\n    return RECEIPTS\n\n'
        '@app.post("/orders/{item}")\ndef place_order(item: str, background_tasks: BackgroundTasks):\n'
        "    background_tasks.add_task(write_receipt, item)\n"
        '    return {"item": item, "status": "accepted"}\n'
    ),
    "right": {
        "async def, a keyword argument": [("def place_order", "async def place_order"), ("add_task(write_receipt, item)", "add_task(write_receipt, item=item)")],
        "another parameter name": [("background_tasks: BackgroundTasks", "tasks: BackgroundTasks"), ("background_tasks.add_task", "tasks.add_task")],
        "a lambda as the task": [("add_task(write_receipt, item)", "add_task(lambda: write_receipt(item))")],
    },
    "wrong": {
        "placeholder": ([(", background_tasks: BackgroundTasks", ""), ("background_tasks.add_task(write_receipt, item)", "write_receipt(item)")], "was already written when the response came"),
        "written twice": ([("    background_tasks.add_task(write_receipt, item)\n", "    background_tasks.add_task(write_receipt, item)\n    write_receipt(item)\n")], "was already written when the response came"),
        "another status": ([('"status": "accepted"', '"status": "done"')], '"status": "done"}, expected'),
        "the wrong item": ([("add_task(write_receipt, item)", 'add_task(write_receipt, "tea")')], "no receipt for 'scone'"),
        "202 for an order": ([('@app.post("/orders/{item}")', '@app.post("/orders/{item}", status_code=202)')],
                             "POST /orders/scone answers 202, expected 200"),
    },
}, {
    "name": "reports",
    "solution": REPORTS,
    "right": {
        "[] refused in the route (Body min_length), async def": [
            ("def start_report(numbers: list[FiniteFloat]", "async def start_report(numbers: Annotated[list[FiniteFloat], Body(min_length=1)]")],
        "an if in the task, the status constant": [
            (TRY, IF), ("status_code=202", "status_code=status.HTTP_202_ACCEPTED")],
        "two excepts": [("    except ArithmeticError as error:\n", "    except ZeroDivisionError:\n        result = {\"status\": \"failed\", \"detail\": \"empty\"}\n    except OverflowError as error:\n")],
    },
    "wrong": {
        "placeholder": ([(TRY, BUG)], "GET /reports/3 still says pending after 3 s: its task raised ZeroDivisionError: float division by zero after the 202 was sent"),
        "failed without a detail": ([('"status": "failed", "detail": f"cannot average', '"status": "failed", "DETAIL": f"cannot average')],
                                    'expected a "detail" that says why it failed'),
        "only the empty list": ([("except ArithmeticError as error:", "except ZeroDivisionError as error:")],
                                "GET /reports/4 still says pending after 3 s: its task raised OverflowError: intermediate overflow in fsum"),
        "sum, which gives infinity": ([("except ArithmeticError as error:", "except ZeroDivisionError as error:"), ("total = math.fsum(numbers)", "total = sum(numbers)")],
                                      "GET /reports/4 answers 500, expected 200. Your code raised ValueError: Out of range float values are not JSON compliant"),
        "failed, as a 400 HTTPException in the task": ([('        result = {"status": "failed", "detail": f"cannot average these numbers ({type(error).__name__})"}', '        raise HTTPException(400, "no numbers")')],
                                                       "its task raised RuntimeError: Caught handled exception, but response already started"),
        "done with an average of 0": ([('result = {"status": "failed", "detail": f"cannot average these numbers ({type(error).__name__})"}', 'result = {"status": "done", "total": 0, "average": 0}')],
                                      'the job for [] ends as {"report_id": 3, "status": "done", "total": 0, "average": 0}, expected its report_id and "status": "failed"'),
        "built before answering": ([("background_tasks.add_task(build_report, report_id, numbers)", "build_report(report_id, numbers)")], 'the body is {"report_id": 1, "status": "done"'),
        "200, not 202": ([("@app.post(\"/reports\", status_code=202)", "@app.post(\"/reports\")")],
                         "POST /reports answers 200, expected 202"),
        "another word for pending": ([('REPORTS[report_id] = {"report_id": report_id, "status": "pending"}',
                                       'REPORTS[report_id] = {"report_id": report_id, "status": "queued"}')],
                                     'the body is {"report_id": 1, "status": "queued"}, expected {"report_id": 1, "status": "pending"}'),
        "a whole-number average": ([("total / len(numbers)", "total // len(numbers)")], "GET /reports/2 is"),
        "one id for all": ([("report_id = next(report_ids)", "report_id = 1")], "has no new whole-number report_id"),
        "another word for done": ([('result = {"status": "done"', 'result = {"status": "complete"')],
                                  'GET /reports/1 is {"report_id": 1, "status": "complete"'),
    },
})


# --- answers written as a stranger would, from the exercise's text alone (issue 19, round 3) ---
from checker_cases import EXERCISES  # noqa: E402


def stranger(name: str, right: dict[str, str] | None = None, wrong: dict[str, tuple[str, str]] | None = None) -> None:
    shared_stranger("17", name, right, wrong)


def solution_of(name: str) -> str:
    return next(e for e in EXERCISES if e.lesson == "17" and e.name == name).solution


_RECEIPTS = solution_of("receipts")
stranger("receipts", right={
    "async def, another name for the tasks": _RECEIPTS.replace("def place_order", "async def place_order").replace(
        "background_tasks: BackgroundTasks", "jobs: BackgroundTasks").replace("background_tasks.add_task", "jobs.add_task"),
    "a dependency adds the task": _RECEIPTS.replace(
        '@app.post("/orders/{item}")\ndef place_order(item: str, background_tasks: BackgroundTasks):\n    background_tasks.add_task(write_receipt, item)\n',
        "def receipt_later(item: str, background_tasks: BackgroundTasks) -> None:\n    background_tasks.add_task(write_receipt, item)\n\n\n"
        '@app.post("/orders/{item}", dependencies=[__import__("fastapi").Depends(receipt_later)])\ndef place_order(item: str):\n'),
}, wrong={
    "the task called, not handed": (_RECEIPTS.replace("add_task(write_receipt, item)", "add_task(write_receipt(item))"), "❌"),
    "the item's name written": (_RECEIPTS.replace("add_task(write_receipt, item)", 'add_task(write_receipt, "item")'), "❌"),
    "the answer names the first order's item": (_RECEIPTS.replace('return {"item": item, "status": "accepted"}', 'return {"item": "scone", "status": "accepted"}'),
                                                'the body is {"item": "scone", "status": "accepted"}, expected {"item": "jam", "status": "accepted"}'),
})

stranger("reports", right={
    "the empty list refused with 422 by hand, except Exception": REPORTS.replace(
        "    report_id = next(report_ids)\n",
        '    if not numbers:\n        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "Send at least one number")\n    report_id = next(report_ids)\n').replace(
        "except ArithmeticError as error:", "except Exception as error:"),
    "try/finally-free: the result built in a helper": REPORTS.replace(
        "except ArithmeticError as error:", "except (ZeroDivisionError, OverflowError) as error:"),
}, wrong={
    "failed on any exception, done overwritten": (REPORTS.replace(
        '    REPORTS[report_id] = {"report_id": report_id, **result}', '    REPORTS[report_id] = {"report_id": report_id, **result}\n    REPORTS[report_id]["status"] = "done"'), "❌"),
    "an unknown report answers null": (REPORTS.replace(
        '    if report_id not in REPORTS:\n        raise HTTPException(status_code=404, detail=f"No report {report_id}")\n    return REPORTS[report_id]',
        "    return REPORTS.get(report_id)"), "answers 200, expected 404"),
    "an unknown report crashes": (REPORTS.replace(
        '        raise HTTPException(status_code=404, detail=f"No report {report_id}")', '        raise HTTPException(detail=f"No report {report_id}")'),
                                 "answers 500, expected 404"),
    "overflow answered as infinity": (REPORTS.replace("math.fsum(numbers)", "sum(numbers)").replace(
        "except ArithmeticError as error:", "except ZeroDivisionError as error:"), "❌"),
})

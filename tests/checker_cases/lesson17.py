"""Answers a learner could write to lesson 17's exercises (see tests/test_checker_cases.py)."""

from checker_cases import ASYNC, add  # noqa: F401

LESSON_17 = """
import itertools
import time
from fastapi import BackgroundTasks, FastAPI, status
app = FastAPI()
# serve
"""
add("17", LESSON_17, {
    "name": "receipts",
    "solution": (
        "RECEIPTS = []\n\ndef write_receipt(item: str):\n    time.sleep(0.05)\n    RECEIPTS.append(item)\n\n"
        '@app.get("/receipts")\ndef read_receipts():\n    return RECEIPTS\n\n'
        '@app.post("/orders/{item}")\ndef place_order(item: str, background_tasks: BackgroundTasks):\n'
        "    background_tasks.add_task(write_receipt, item)\n"
        '    return {"item": item, "status": "accepted"}\n'
    ),
    "right": {
        "async def, a keyword argument": [("def place_order", "async def place_order"), ("add_task(write_receipt, item)", "add_task(write_receipt, item=item)")],
        "another parameter name": [("background_tasks: BackgroundTasks", "tasks: BackgroundTasks"), ("background_tasks.add_task", "tasks.add_task")],
    },
    "wrong": {
        "placeholder": ([(", background_tasks: BackgroundTasks", ""), ("background_tasks.add_task(write_receipt, item)", "write_receipt(item)")], "was already written when the response came"),
        "another status": ([('"status": "accepted"', '"status": "done"')], '"status": "done"}, expected'),
        "the wrong item": ([("add_task(write_receipt, item)", 'add_task(write_receipt, "tea")')], "no receipt for 'scone'"),
    },
}, {
    "name": "reports",
    "solution": (
        "REPORTS = {}\nreport_ids = itertools.count(1)\n\ndef build_report(report_id: int, numbers: list[float]):\n"
        "    time.sleep(0.05)\n"
        '    REPORTS[report_id] = {"report_id": report_id, "status": "done", "total": sum(numbers)}\n\n'
        '@app.post("/reports", status_code=202)\ndef start_report(numbers: list[float], background_tasks: BackgroundTasks):\n'
        "    report_id = next(report_ids)\n"
        '    REPORTS[report_id] = {"report_id": report_id, "status": "pending"}\n'
        "    background_tasks.add_task(build_report, report_id, numbers)\n    return REPORTS[report_id]\n\n"
        '@app.get("/reports/{report_id}")\ndef read_report(report_id: int):\n'
        '    return REPORTS.get(report_id, {"report_id": report_id, "status": "unknown"})\n'
    ),
    "right": {
        "whole or decimal numbers, async def": [("def start_report(numbers: list[float]", "async def start_report(numbers: list[int | float]")],
        "the status constant": [("status_code=202", "status_code=status.HTTP_202_ACCEPTED")],
    },
    "wrong": {
        "placeholder": ([("status_code=202", "status_code=200"), ("    background_tasks.add_task(build_report, report_id, numbers)\n", "")], "POST /reports answers 200, expected 202"),
        "built before answering": ([("background_tasks.add_task(build_report, report_id, numbers)", "build_report(report_id, numbers)")], 'the body is {"report_id": 1, "status": "done"'),
        "one id for all": ([("report_id = next(report_ids)", "report_id = 1")], "has no new whole-number report_id"),
        "total as text": ([('"total": sum(numbers)', '"total": str(sum(numbers))')], '"6.0" is text where a number is expected'),
    },
})

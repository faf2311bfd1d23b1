"""Predict, then verify, for requests that differ in more than their path: the same path sent
as two different users, or with two different tokens.

`Check.predictions` (helpers.checks) labels each request by its method and path, which is all it
sends. Here each label is free text ("GET /notes/1 as grace") and maps to the request itself.
"""

from __future__ import annotations

from typing import Any

from helpers.checks import Check
from helpers.compare import json_difference, show
from helpers.server import LiveServer

__all__ = ["Request", "predict_requests"]

Request = tuple[str, str, dict[str, Any]]  # (method, path, options such as headers=...)


def predict_requests(check: Check, server: LiveServer, predicted: Any, requests: dict[str, Request]) -> None:
    """Compare the status codes the learner `predicted` (a dict: label -> code, written as 200,
    "200" or `status.HTTP_200_OK`) with what each request of `requests` (label -> request)
    answers. Every request is sent and every answer shown, right or wrong; then the check fails
    if any prediction was wrong. Fails first, without sending anything, when the dict lost a
    label or still holds a `...`.
    """
    if not isinstance(predicted, dict):
        check.fail(f"your predictions are a {type(predicted).__name__}; keep the dict the exercise gives")
    missing = [label for label in requests if label not in predicted]
    if missing:
        check.fail(f"no prediction for {', '.join(missing)}: keep every line of the dict the exercise gives")
    unwritten = [label for label in requests if predicted[label] is Ellipsis]
    if unwritten and len(unwritten) == len(requests):
        check.fail("write down your predictions first (replace each ... with a status code)")
    if unwritten:
        check.fail(f"write down your prediction for {', '.join(unwritten)} first (replace the ...)")
    wrong = 0
    for label, (method, path, options) in requests.items():
        live = check.call(server, method, path, **options).status_code
        guess = predicted[label]
        if isinstance(guess, str) and guess.strip().isdigit():
            guess = int(guess)
        if isinstance(guess, int) and not isinstance(guess, bool):
            guess = int(guess)  # an HTTPStatus, such as status.HTTP_200_OK
        right = json_difference(guess, live) is None
        wrong += not right
        check.report.steps.append((right, f"{label}: you predicted {show(guess)}, it answers {live}"))
    if wrong:
        check.fail(f"{wrong} of {len(requests)} predictions differ from the real answers above")

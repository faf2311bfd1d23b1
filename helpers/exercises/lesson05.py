"""Checkers for lesson 05, Response models and status codes."""

from helpers.checks import Report, exercise
from helpers.compare import same_json, show
from helpers.checks import hint as hint  # in a notebook: check.hint("name")
from helpers.progress import checker
from helpers.server import LiveServer


def _field_names(predicted: object) -> object:
    """The learner writes each answer's fields as a set ({"name", "price"}); JSON has no sets, so
    each set (or list, or tuple) becomes a sorted list, as the live answers' keys are."""
    if not isinstance(predicted, dict):
        return predicted
    return {
        label: sorted(map(str, guess)) if isinstance(guess, (set, frozenset, list, tuple)) else guess
        for label, guess in predicted.items()
    }


@checker
def predict_fields(server: LiveServer, predicted: object) -> Report:
    """The learner's prediction of which fields two of the lesson's answers hold."""
    requests: dict[str, dict[str, object]] = {"GET /items/bar": {}, "GET /items/baz": {}}
    nudge = (
        "Only the response model's fields can go out, whatever was stored. Then the decorator's "
        "option decides among those: was each field given when the item was stored, or does it "
        "merely have a default?"
    )
    hint = (
        "`cost` is not a field of `Item`, so it is filtered out. `response_model_exclude_unset` "
        "leaves out the fields that were not given when stored, even if a given value equals "
        "the default."
    )
    with exercise("predict_fields", server, nudge=nudge, hint=hint) as check:
        check.predictions(server, _field_names(predicted), requests, answer=lambda response: sorted(response.json()))
    return check.report


@checker
def public_account(server: LiveServer) -> Report:
    """POST /accounts/ answers 201 with the username and email only, never the password."""
    nudge = (
        "The decorator's response model and status code apply only to what FastAPI turns into "
        "an answer itself. Look at what the function returns: who built that answer?"
    )
    hint = (
        "A `JSONResponse` you build is sent exactly as built: the response model and the "
        "decorator's status code are skipped. Return the account itself (`return account`)."
    )
    with exercise("public_account", server, nudge=nudge, hint=hint) as check:
        # The second account is held to the same as the first without lines of its own: no answer
        # keeps one password and sends the other, or answers one account and not the next.
        for username, email in (("ada", "ada@example.com"), ("grace", "grace@example.org")):
            sent = {"username": username, "password": f"{username}-secret", "email": email}
            response = check.call(server, "POST", "/accounts/", json=sent)
            expected = {"username": username, "email": email}
            kept = "-secret" not in response.text
            leaked = f"the answer holds the password: {response.text[:200]}"
            if username == "ada":
                check.expect(kept, "the password stays on the server", leaked)
                check.status(response, 201)
                check.json(response, expected)
                continue
            check.require(kept, leaked)
            check.require(response.status_code == 201, f"POST /accounts/ answers {response.status_code}, expected 201")
            check.require(same_json(response.json(), expected), f"the body is {response.text[:200]}, expected {show(expected)}")
        response = check.call(
            server, "POST", "/accounts/", json={"username": "x", "password": "y", "email": "not-an-email"}
        )
        check.status(response, 422)
    return check.report


@checker
def sparse_settings(server: LiveServer) -> Report:
    """GET /settings/{user} answers only the settings that were stored for that user; an unknown user is a 404."""
    nudge = (
        "The stored values are right; the answer adds the defaults nobody chose. One option of "
        "the decorator sends only what was set."
    )
    hint = "Add `response_model_exclude_unset=True` to the decorator, next to `response_model=Settings`."
    stored = {
        "ada": {"theme": "dark"},
        "grace": {"language": "fr", "font_size": 14},
        "linus": {},
    }
    with exercise("sparse_settings", server, nudge=nudge, hint=hint) as check:
        for user, expected in stored.items():
            response = check.call(server, "GET", f"/settings/{user}")
            check.status(response, 200)
            check.json(response, expected)
        check.status(check.call(server, "GET", "/settings/nobody"), 404)
        # The defaults never show in these answers, but they are the app's documented ones.
        schemas = check.call(server, "GET", "/openapi.json").json().get("components", {}).get("schemas", {})
        if "Settings" in schemas:  # an answer without response_model=Settings documents no model
            properties = schemas["Settings"].get("properties", {})
            defaults = {name: properties.get(name, {}).get("default") for name in ("theme", "language", "font_size")}
            check.same(defaults, {"theme": "light", "language": "en", "font_size": 12}, "the defaults of Settings (in /openapi.json)")
    return check.report

"""Fuzz a running app from its OpenAPI schema, as a stranger would: no input may make it answer 5xx.

Two passes over the app's own `/openapi.json`, both against a live server over HTTP:

- Schemathesis (pinned in requirements/tests.in), its CLI run in this process: every phase (the schema's
  examples, the coverage phase's boundary and wrong-type values, random generation, and the
  stateful phase, which chains operations through the links it infers from the schema), with a
  bounded number of examples per operation and deterministic generation, so a run repeats. Its
  checks: `not_a_server_error` (any 5xx) and `response_schema_conformance` (an answer that
  breaks the app's own `response_model`). Its other checks judge what a course app may leave out
  on purpose (every status documented, every header) and are not used.
- Values that Python's JSON parser reads but the answer cannot carry back (FastAPI issue
  #4589: the 422 that echoes them, or a 200 that returns them, fails to render, and the client
  gets a 500): non-finite numbers (`1e999`, `NaN`, `-Infinity`, which strict JSON lacks). And
  numbers at the edges: the largest floats (doubled, they overflow to infinity) and integers
  past 64 bits (a database's INTEGER overflows). Every operation with a JSON body gets each in
  each of its fields, and as the whole body. Schemathesis generates only strict JSON, and rarely
  such edges, so it never sends the first and seldom the others.

- Ids past 64 bits in every unbounded integer path parameter, and in every unbounded integer
  query parameter of a GET (an `offset` or a `limit` reaches the database too: a database's
  INTEGER overflows, a 500 unless the parameter is bounded), which random generation rarely reaches.

`fuzz(url)` returns a list of findings, each with the request that reproduces it; empty means
nothing was found.
"""

from __future__ import annotations

import contextlib
import json
import re
import tempfile

import httpx

EXAMPLES = 10  # per operation and phase: enough for the small apps of a lesson, and bounded
CHECKS = "not_a_server_error,response_schema_conformance"
# As JSON text. Not a lone surrogate ("\\ud800"): FastAPI answers 500 to it on any route that
# echoes it (Starlette's JSON encoder cannot write it as UTF-8), a framework limit that no
# lesson should work around (issue 18, wave 2, decision 2).
UNRENDERABLE = ("1e999", "NaN", "-Infinity")
EDGES = ("1.7e308", "-1.7e308", str(2**64), str(-(2**64)))  # a float near its largest; past a 64-bit INTEGER


def schemathesis(url: str, headers: dict[str, str] | None = None, examples: int = EXAMPLES) -> list[str]:
    """Run Schemathesis against the app served at `url`; return its failures, as it prints them.

    Its CLI runs in this process (click's CliRunner), so its imports are paid once per test
    process rather than once per app (about 2 s of CPU each time).
    """
    from click.testing import CliRunner
    from schemathesis.cli import schemathesis as cli

    with httpx.Client(trust_env=False, timeout=20) as client:
        if not client.get(f"{url}/openapi.json").json().get("paths"):
            return []  # nothing to fuzz over HTTP (a WebSocket-only app): its flow tests it
    command = [
        "run", f"{url}/openapi.json",
        "--url", url,  # the app's address even where its schema names a proxy prefix
        "--checks", CHECKS,
        "--max-examples", str(examples),
        "--generation-deterministic",  # the same cases on every run (and no database)
        "--workers", "1",
        "--suppress-health-check", "too_slow",  # timed: a loaded machine is not a finding
        "--request-timeout", "20",
        "--no-color",
    ]  # no report file: Schemathesis's JSON report leaves its file open (a ResourceWarning)
    for name, value in (headers or {}).items():
        command += ["--header", f"{name}: {value}"]
    # In a folder of its own: Schemathesis keeps a cache of past crashes in `.schemathesis/` and
    # replays them, which would litter the repository and make one run depend on the last.
    with tempfile.TemporaryDirectory(prefix="fuzz-") as folder, contextlib.chdir(folder):
        result = CliRunner().invoke(cli, command, env={"COLUMNS": "120", "NO_COLOR": "1"}, catch_exceptions=False)
    output = result.output
    if result.exit_code == 0:  # 1: failures found; 2: it could not run (both reported below)
        return []
    failures = re.search(r"^=+ FAILURES =+$(.*?)^=+ SUMMARY =+$", output, re.S | re.M)
    errors = re.search(r"^=+ ERRORS =+$(.*?)^=+ (?:FAILURES|SUMMARY) =+$", output, re.S | re.M)
    shown = "".join(part.group(1) for part in (errors, failures) if part) or output[-4000:]
    # First, one line per operation and what went wrong with it: where a report is cut short
    # (pytest's repr of a long list, a CI log's tail), that line still says what failed.
    summary = "; ".join(f"{operation}: {headline(body)}" for operation, body in sections(shown))
    return [f"Schemathesis (exit {result.exit_code}): {summary or 'see below'}\n{shown.strip()}"]


def sections(report: str) -> list[tuple[str, str]]:
    """(operation, text) of each `____ GET /x ____` section of a Schemathesis report."""
    parts = re.split(r"^_+ (.+?) _+$", report, flags=re.M)
    return list(zip(parts[1::2], parts[2::2]))


def headline(section: str) -> str:
    """What went wrong, in a few words: a failure's checks (`- ST101 Server error`), or an
    error's first line (`Failed Health Check`, `Network Error`...)."""
    checks = re.findall(r"^- (.+)$", section, re.M)
    lines = [line.strip() for line in section.splitlines() if line.strip()]
    return ", ".join(checks) if checks else (lines[0] if lines else "?")


def json_bodies(schema: dict) -> list[tuple[str, str, list[str], set[str]]]:
    """(method, path, property names, those that may hold a number) of every operation that
    takes a JSON body."""
    found = []
    for path, item in schema.get("paths", {}).items():
        for method, operation in item.items():
            content = (operation.get("requestBody") or {}).get("content", {}) if isinstance(operation, dict) else {}
            if "application/json" not in content:
                continue
            body = content["application/json"].get("schema", {})
            numbers = numeric(schema, body)
            while "$ref" in body:
                body = schema["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]]
            found.append((method.upper(), path, sorted(body.get("properties", {})), numbers))
    return found


def numeric(schema: dict, body: dict) -> set[str]:
    """The names of a body schema's properties that may hold a number."""
    while "$ref" in body:
        body = schema["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]]
    found = set()
    for name, field in body.get("properties", {}).items():
        text = json.dumps(field)
        if '"number"' in text or '"integer"' in text:
            found.add(name)
    return found


def unrenderable(url: str, headers: dict[str, str] | None = None) -> list[str]:
    """Send each of UNRENDERABLE and EDGES in every field of every JSON body; return the 5xx."""
    findings = []
    # A fresh connection for each request: after a 500 the server may close the one it had.
    limits = httpx.Limits(max_keepalive_connections=0)
    with httpx.Client(base_url=url, trust_env=False, timeout=20, limits=limits) as client:
        schema = client.get("/openapi.json").json()
        for method, path, names, numbers in json_bodies(schema):
            failed: dict[str, list[str]] = {}  # where -> the values that broke it there
            examples: dict[str, str] = {}  # where -> the first request that failed there
            concrete = re.sub(r"\{[^}]+\}", "1", path)  # any id: an error elsewhere still renders the body's
            for number in UNRENDERABLE + EDGES:
                # A number field first (the likeliest mistake), then the others and the whole body.
                fields = sorted(names, key=lambda name: name not in numbers)
                bodies = ["{" + f'"{name}": {number}' + "}" for name in fields] + [number, f"[{number}]"]
                for body in bodies:
                    sent = {**(headers or {}), "Content-Type": "application/json"}
                    curl = f"curl -X {method} {url}{concrete} -H 'Content-Type: application/json' -d '{body}'"
                    try:
                        status = client.request(method, concrete, content=body, headers=sent).status_code
                    except httpx.TransportError as error:
                        status = f"no answer ({type(error).__name__})"
                    if not isinstance(status, int) or status >= 500:
                        field = next((name for name in names if body.startswith(f'{{"{name}"')), None)
                        where = f"number field {field}" if field in numbers else f"field {field} (no number)" \
                            if field else "the whole body"
                        failed.setdefault(where, []).append(number)
                        examples.setdefault(where, f"{status}: {curl}")
            if failed:  # one finding per operation: where such values break it, and an example
                places = "; ".join(f"{where}: {' '.join(values)}" for where, values in failed.items())
                findings.append(f"{method} {path}: 5xx to numbers JSON cannot answer with or at the edges, in {places}. "
                                f"E.g. {next(iter(examples.values()))}")
    return findings


HUGE = (2**64, -(2**64))  # past a database's 64-bit INTEGER (SQLite raises OverflowError): a 404 or 422


def huge_ids(url: str, headers: dict[str, str] | None = None) -> list[str]:
    """Send an integer past 64 bits in every unbounded integer path parameter, and in every
    unbounded integer query parameter of a GET (an `offset` reaches the database as an id does);
    return the 5xx.

    GET and DELETE go as they are, PATCH with an empty body (a partial update of nothing), so
    that nothing but the id stands between the request and the handler.
    """
    findings = []
    limits = httpx.Limits(max_keepalive_connections=0)
    with httpx.Client(base_url=url, trust_env=False, timeout=20, limits=limits, headers=headers or {}) as client:
        schema = client.get("/openapi.json").json()
        for path, item in schema.get("paths", {}).items():
            for method, operation in item.items():
                if method not in ("get", "delete", "patch") or not isinstance(operation, dict):
                    continue
                places = ("path", "query") if method == "get" else ("path",)
                parameters = [p for p in operation.get("parameters", []) if p.get("in") in places]
                for parameter in parameters:
                    field = parameter.get("schema", {})
                    # `int | None = None`: the integer is one branch of an anyOf
                    field = next((branch for branch in field.get("anyOf", []) if branch.get("type") == "integer"), field)
                    if field.get("type") != "integer" or "maximum" in field and "minimum" in field:
                        continue
                    for number in HUGE:
                        query = {parameter["name"]: str(number)} if parameter["in"] == "query" else {}
                        concrete = path.replace("{" + parameter["name"] + "}", str(number))
                        concrete = re.sub(r"\{[^}]+\}", "1", concrete)
                        if query:
                            concrete += "?" + "&".join(f"{name}={value}" for name, value in query.items())
                        try:
                            status = client.request(method.upper(), concrete, json={} if method == "patch" else None).status_code
                        except httpx.TransportError as error:
                            status = f"no answer ({type(error).__name__})"
                        if not isinstance(status, int) or status >= 500:
                            findings.append(f"{method.upper()} {path}: {status} to {parameter['name']}={number} "
                                            f"(an id past 64 bits; bound it, e.g. Path(ge=1, le=2**63 - 1) "
                                            f"or Query(ge=0, le=2**63 - 1)): "
                                            f"curl -X {method.upper()} {url}{concrete}")
                            break
    return findings


def fuzz(url: str, headers: dict[str, str] | None = None, examples: int = EXAMPLES) -> list[str]:
    """Every finding of both passes against the app at `url`; empty when none."""
    return unrenderable(url, headers) + huge_ids(url, headers) + schemathesis(url, headers, examples)

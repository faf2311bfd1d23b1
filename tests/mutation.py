"""Mutation testing of the exercise checkers: does each checker reject every wrong variant of
its worked solution?

    python3 course.py mutate [LESSON ...] [--max N] [--write-readme] [--steps] [--refigure]

A LESSON is "07", or "22/todos" for one exercise.

For each exercise, the worked solution is read from its notebook (as the checker cases read
it), and mutants are made of it: one small change each (an operator, a constant, a status code,
a condition removed, a call removed, an argument dropped...). Each mutant is served live exactly
as tests/test_checker_cases.py runs a case (the lesson's set-up, `serve(app)`, the cell), and the
exercise's checker judges it. A mutant the checker rejects, or whose cell fails to run, is
killed. One it accepts is either equivalent (still a right answer: listed in
tests/mutation_equivalents.txt with one line of why) or a gap of the checker, to fix.

The mutants come from mutmut's own operator library (`mutmut.mutation.mutators`, pinned in
requirements/tests.in), applied to the solution's libcst tree with mutmut's `deep_replace`.
mutmut itself mutates functions of a package through trampolines and a test command, which
fits neither a notebook cell nor a live server; its operators do. Three operators of our own,
written in the same form, add what mutmut lacks for web code: a status code swapped for a
neighbour (`status.HTTP_401_UNAUTHORIZED` -> 403), an `if` whose condition always or never holds
(a guard removed), and a call statement removed (`session.commit()`, `app.mount(...)`).
Strings inside `print(...)` and docstrings are not mutated: no checker can see them.

A mutant's key (`lesson/exercise/hash`) hashes the mutated cell, so it stays the same until the
worked solution changes. `--max N` takes at most N mutants per exercise, spread evenly over the
cell (the same ones every run); `--steps` measures instead which steps of each checker no wrong
case of tests/checker_cases fails at. The figures of the last run go into the README
(`--write-readme`), and .cache/mutation/last-run.json keeps the surviving mutants.
"""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import io
import json
import os
import re
import signal
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import libcst as cst
from mutmut.mutation.file_mutation import deep_replace
from mutmut.mutation.mutators import mutation_operators

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
sys.path.insert(0, str(TESTS))

from checker_cases import EXERCISES, Exercise, edited  # noqa: E402
from test_checker_cases import (as_case_cell, checker_of, first_failure, lesson_running, notebook_solutions,  # noqa: E402
                                worked_solution)

EQUIVALENTS = TESTS / "mutation_equivalents.txt"
README = ROOT / "README.md"
LAST_RUN = ROOT / ".cache" / "mutation" / "last-run.json"
MUTANT_TIMEOUT = 90  # seconds for one mutant: set-up, serving, the check
BEGIN, END = "<!-- mutation figures -->", "<!-- end mutation figures -->"


# --- the operators ---------------------------------------------------------------------------

# A status code and the one a plausible slip writes instead.
NEIGHBOUR_STATUS = {200: 201, 201: 200, 204: 200, 301: 302, 302: 307, 303: 307, 307: 302, 308: 301,
                    400: 422, 401: 403, 403: 401, 404: 403, 405: 404, 409: 400, 413: 400, 415: 400,
                    422: 400, 429: 503, 500: 503, 503: 500}


def operator_status_code(node: cst.CSTNode) -> Iterable[cst.CSTNode]:
    """`status.HTTP_401_UNAUTHORIZED` -> `status.HTTP_403_FORBIDDEN` (by its neighbour code)."""
    if isinstance(node, cst.Attribute) and node.attr.value.startswith("HTTP_"):
        from fastapi import status

        code = int(node.attr.value.split("_")[1]) if node.attr.value.split("_")[1].isdigit() else None
        other = NEIGHBOUR_STATUS.get(code or 0)
        names = [name for name in dir(status) if name.startswith(f"HTTP_{other}_")]
        if names:
            yield node.with_changes(attr=cst.Name(names[0]))


def operator_condition(node: cst.CSTNode) -> Iterable[cst.CSTNode]:
    """`if guard:` -> `if True:` and `if False:`; `while` likewise never runs its body."""
    if isinstance(node, cst.If):
        yield node.with_changes(test=cst.Name("True"))
        yield node.with_changes(test=cst.Name("False"))


def operator_remove_call(node: cst.CSTNode) -> Iterable[cst.CSTNode]:
    """A statement that is only a call (`session.commit()`, `await websocket.close()`) -> `pass`."""
    if isinstance(node, cst.SimpleStatementLine) and len(node.body) == 1 and isinstance(node.body[0], cst.Expr):
        value = node.body[0].value
        if isinstance(value, cst.Await):
            value = value.expression
        if isinstance(value, cst.Call) and not _is_print(value):
            yield node.with_changes(body=[cst.Pass()])


OPERATORS: list[tuple[type, Callable[[Any], Iterable[cst.CSTNode]]]] = [
    *mutation_operators,
    (cst.Attribute, operator_status_code),
    (cst.If, operator_condition),
    (cst.SimpleStatementLine, operator_remove_call),
]


def _is_print(call: cst.CSTNode) -> bool:
    return isinstance(call, cst.Call) and isinstance(call.func, cst.Name) and call.func.value == "print"


def demonstrations(module: cst.Module) -> set[int]:
    """The top-level statements of a cell that only show its result (a worked solution often
    ends by sending a request and printing the answer), and the values only they use: mutating
    them changes what the cell prints, never the app a checker judges."""
    statements = list(module.body)
    codes = [module.code_for_node(statement) for statement in statements]
    shown = {index for index, (statement, code) in enumerate(zip(statements, codes))
             if not isinstance(statement, (cst.FunctionDef, cst.ClassDef))
             and re.search(r"\bprint\(|\bserver\.|\bclient\.\w+\(", code)}
    changed = True
    while changed:
        changed = False
        for index, statement in enumerate(statements):
            if index in shown or not isinstance(statement, cst.SimpleStatementLine):
                continue
            assigned = [target.target.value for line in statement.body if isinstance(line, cst.Assign)
                        for target in line.targets if isinstance(target.target, cst.Name)]
            if not assigned:
                continue
            users = {other for other, code in enumerate(codes) if other != index
                     and any(re.search(rf"\b{re.escape(name)}\b", code) for name in assigned)}
            if users and users <= shown:
                shown.add(index)
                changed = True
    return shown


class _Nodes(cst.CSTVisitor):
    """Every node of a cell in order, less what no checker can see: prints, docstrings, and the
    statements that only demonstrate the result (see `demonstrations`)."""

    def __init__(self, skipped: set[cst.CSTNode] = frozenset()) -> None:  # type: ignore[assignment]
        self.nodes: list[cst.CSTNode] = []
        self.skipped = skipped

    def on_visit(self, node: cst.CSTNode) -> bool:
        if node in self.skipped or _is_print(node):
            return False
        if isinstance(node, cst.Expr) and isinstance(node.value, (cst.SimpleString, cst.ConcatenatedString)):
            return False  # a docstring
        self.nodes.append(node)
        return True


@dataclass
class Mutant:
    lesson: str
    exercise: str
    source: str
    line: int  # the first changed line, 1-based
    before: str  # the changed lines of the worked solution
    after: str  # and of the mutant

    @property
    def key(self) -> str:
        digest = hashlib.sha256(self.source.encode()).hexdigest()[:12]
        return f"{self.lesson}/{self.exercise}/{digest}"

    def diff(self) -> str:
        return "".join(f"    - {line}\n" for line in self.before.splitlines()) + \
            "".join(f"    + {line}\n" for line in self.after.splitlines())


def mutants_of_exercise(exercise: Exercise) -> list[Mutant]:
    """The mutants of the exercise's worked solution, each as a checker case runs it. Of a
    `%%project_file` cell, the file's code is mutated, not the line that names it."""
    raw = notebook_solutions(exercise.lesson)[exercise.name]
    magic = ""
    if raw.startswith("%%"):
        magic, _, raw = raw.partition("\n")
        magic += "\n"
    found = mutants_of(exercise.lesson, exercise.name, raw)
    for mutant in found:
        mutant.source = as_case_cell(magic + mutant.source, exercise.setup)
    return found


def mutants_of(lesson: str, exercise: str, source: str) -> list[Mutant]:
    """Every mutant of `source` (one change each), in the order of the cell, none twice."""
    module = cst.parse_module(source)
    visitor = _Nodes({module.body[index] for index in demonstrations(module)})
    module.visit(visitor)
    found: dict[str, Mutant] = {}
    original = source.splitlines(keepends=True)
    for node in visitor.nodes:
        for kind, operator in OPERATORS:
            if not isinstance(node, kind):
                continue
            try:
                replacements = list(operator(node))
            except Exception:  # an operator that cannot handle this node's shape
                continue
            for new in replacements:
                try:
                    code = deep_replace(module, node, new).code
                    compile(code, "<mutant>", "exec", dont_inherit=True)
                except Exception:
                    continue
                if code == source or code in found:
                    continue
                changed = code.splitlines(keepends=True)
                matcher = difflib.SequenceMatcher(None, original, changed)
                blocks = [op for op in matcher.get_opcodes() if op[0] != "equal"]
                if not blocks:
                    continue
                _, i1, i2, j1, j2 = blocks[0]
                found[code] = Mutant(lesson, exercise, code, i1 + 1, "".join(original[i1:i2]), "".join(changed[j1:j2]))
    return list(found.values())


def spread(items: list[Any], most: int | None) -> list[Any]:
    """At most `most` of `items`, evenly spaced, always the same ones."""
    if most is None or len(items) <= most:
        return items
    return [items[(index * len(items)) // most] for index in range(most)]


# --- running a mutant ------------------------------------------------------------------------

class _TooSlow(Exception):
    pass


@contextlib.contextmanager
def _time_limit(seconds: int) -> Iterator[None]:
    def stop(signum: int, frame: Any) -> None:
        raise _TooSlow(f"no verdict within {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def judge(exercise: Exercise, source: str) -> tuple[bool, str]:
    """(whether the checker accepts the cell `source`, its report or why it could not run), the
    cell run exactly as a checker case runs it."""
    quiet = io.StringIO()
    try:
        with _time_limit(MUTANT_TIMEOUT), contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet), \
                warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with lesson_running(exercise, source) as lesson:
                arguments = [lesson.namespace[name] for name in exercise.arguments]
                report = checker_of(exercise)(lesson.server, *arguments)
    except Exception as error:  # the cell, or the set-up after it, fails: a learner sees it
        return False, f"the cell fails: {type(error).__name__}: {str(error)[:120]}"
    return report.passed, repr(report)


def equivalents() -> dict[str, str]:
    """Key -> why, from tests/mutation_equivalents.txt ("key  why", # comments)."""
    found = {}
    for line in EQUIVALENTS.read_text().splitlines() if EQUIVALENTS.exists() else []:
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, why = line.partition(" ")
            found[key] = why.strip()
    return found


@dataclass
class Figures:
    mutants: int = 0
    killed: int = 0
    equivalent: int = 0
    surviving: list[Mutant] = field(default_factory=list)
    broken_solutions: list[str] = field(default_factory=list)  # worked solutions the checker rejects


def exercises_of(lessons: list[str]) -> list[Exercise]:
    """The exercises of `lessons` ("07"; "22/todos" names one exercise), all when empty."""
    return [exercise for exercise in EXERCISES
            if not lessons or exercise.lesson in lessons or f"{exercise.lesson}/{exercise.name}" in lessons]


def mutate(lessons: list[str], most: int | None = None, say: Callable[[str], None] = print,
           done: Callable[[dict[str, Figures]], None] = lambda figures: None) -> dict[str, Figures]:
    """Run the mutants of each exercise of `lessons` (every lesson when empty): lesson -> figures.
    `done` gets the figures so far after each exercise (a long run that is stopped keeps them)."""
    known = equivalents()
    figures: dict[str, Figures] = {}
    for exercise in exercises_of(lessons):
        lesson = figures.setdefault(exercise.lesson, Figures())
        solution = worked_solution(exercise)
        accepted, report = judge(exercise, solution)
        if not accepted:
            lesson.broken_solutions.append(exercise.name)
            say(f"{exercise.lesson} {exercise.name}: the worked solution is rejected, no mutants run:\n{report}")
            continue
        chosen = spread(mutants_of_exercise(exercise), most)
        started = time.monotonic()
        for mutant in chosen:
            lesson.mutants += 1
            accepted, _ = judge(exercise, mutant.source)
            if not accepted:
                lesson.killed += 1
            elif mutant.key in known:
                lesson.equivalent += 1
            else:
                lesson.surviving.append(mutant)
                say(f"SURVIVED {mutant.key} ({exercise.name}, line {mutant.line}):\n{mutant.diff()}")
        say(f"{exercise.lesson} {exercise.name}: {len(chosen)} mutants in {time.monotonic() - started:.0f} s")
        done(figures)
    return figures


def table(figures: dict[str, Figures]) -> str:
    rows = ["| lesson | mutants | killed | equivalent | surviving |", "|---|---|---|---|---|"]
    for lesson, one in sorted(figures.items()):
        note = f" (worked solution rejected: {', '.join(one.broken_solutions)})" if one.broken_solutions else ""
        rows.append(f"| {lesson} | {one.mutants} | {one.killed} | {one.equivalent} | {len(one.surviving)}{note} |")
    return "\n".join(rows)


def write_readme(figures: dict[str, Figures], most: int | None) -> None:
    """Put the figures between the README's markers, keeping the rows of lessons not run now."""
    text = README.read_text()
    rows: dict[str, str] = {}
    if BEGIN in text:
        old = text.split(BEGIN, 1)[1].split(END, 1)[0]
        rows = {match[1]: match[0] for match in re.finditer(r"^\| (\d\d) \|.*$", old, re.M)}
    for lesson, row in re.findall(r"^(\| (\d\d) \|.*)$", table(figures), re.M):
        rows[row] = lesson
    sample = f"at most {most} mutants per exercise, spread over its worked solution" if most else "every mutant"
    block = (f"{BEGIN}\n_Last run: {time.strftime('%Y-%m-%d', time.gmtime())}, {sample}._\n\n"
             "| lesson | mutants | killed | equivalent | surviving |\n|---|---|---|---|---|\n"
             + "\n".join(rows[lesson] for lesson in sorted(rows)) + f"\n{END}")
    if BEGIN in text:
        before, rest = text.split(BEGIN, 1)
        text = before + block + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    README.write_text(text)


def save(figures: dict[str, Figures]) -> None:
    LAST_RUN.parent.mkdir(parents=True, exist_ok=True)
    data = {lesson: {"mutants": one.mutants, "killed": one.killed, "equivalent": one.equivalent,
                     "broken_solutions": one.broken_solutions,
                     "surviving": [{"key": m.key, "exercise": m.exercise, "line": m.line, "diff": m.diff()}
                                   for m in one.surviving]}
            for lesson, one in figures.items()}
    old = json.loads(LAST_RUN.read_text()) if LAST_RUN.exists() else {}
    LAST_RUN.write_text(json.dumps({**old, **data}, indent=1, sort_keys=True))


# --- which steps of a checker no wrong case fails at ------------------------------------------

def unproven_steps(lessons: list[str], say: Callable[[str], None] = print) -> dict[str, list[str]]:
    """Exercise -> the steps of its checker (as the worked solution's report shows them) at which
    no wrong case of tests/checker_cases fails. Steps are matched by their place in the report.
    (tests/test_checker_cases.py holds every lesson to it; this says it for a few, quietly.)"""
    unproven: dict[str, list[str]] = {}
    for exercise in exercises_of(lessons):
        accepted, report = judge(exercise, worked_solution(exercise))
        steps = [line.strip()[2:] for line in report.splitlines()[1:] if line.strip().startswith("✅")]
        failing_at = set()
        for _, (edits, _) in exercise.wrong.items():
            try:
                source = edited(exercise.solution, edits)
            except AssertionError:
                continue
            _, wrong_report = judge(exercise, source)
            index = first_failure(wrong_report)
            if index is not None:
                failing_at.add(index)
        missing = [f"step {index + 1}: {step}" for index, step in enumerate(steps) if index not in failing_at]
        if not accepted:
            missing = ["(the worked solution is rejected)"]
        if missing:
            unproven[f"{exercise.lesson} {exercise.name}"] = missing
            say(f"{exercise.lesson} {exercise.name}: no wrong case fails at " + "; ".join(missing))
    return unproven


def refigure() -> dict[str, Figures]:
    """The last run's figures again, with the mutants listed as equivalent since counted so."""
    known = equivalents()
    figures = {}
    for lesson, data in json.loads(LAST_RUN.read_text()).items():
        one = Figures(data["mutants"], data["killed"], data["equivalent"], [], data["broken_solutions"])
        for mutant in data["surviving"]:
            if mutant["key"] in known:
                one.equivalent += 1
            else:
                one.surviving.append(mutant)  # type: ignore[arg-type]  # only counted
        figures[lesson] = one
    return figures


def main(argv: list[str]) -> int:
    if argv[:1] == ["--refigure"]:  # after listing equivalents: count them without running again
        figures = refigure()
        print(table(figures))
        if "--write-readme" in argv:
            most = int(argv[argv.index("--max") + 1]) if "--max" in argv else None
            write_readme(figures, most)
        return 0
    most = None
    if "--max" in argv:
        at = argv.index("--max")
        most = int(argv[at + 1])
        del argv[at : at + 2]
    lessons = [arg for arg in argv if not arg.startswith("--")]
    with tempfile.TemporaryDirectory(prefix="mutation-") as folder:
        os.environ["FASTAPI_COURSE_PROGRESS"] = str(Path(folder) / "progress.json")  # never the learner's
        if "--steps" in argv:
            unproven = unproven_steps(lessons, say=lambda text: print(text, flush=True))
            print(f"{sum(map(len, unproven.values()))} steps of {len(unproven)} checkers have no wrong case of their own")
            return 0
        figures = mutate(lessons, most, say=lambda text: print(text, flush=True), done=save)
    save(figures)
    print(table(figures))
    if "--write-readme" in argv:
        write_readme(figures, most)
    return 1 if any(one.surviving or one.broken_solutions for one in figures.values()) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

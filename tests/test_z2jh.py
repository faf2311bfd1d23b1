"""The Kubernetes room (workshop/z2jh/): config.yaml is valid for the pinned Zero to JupyterHub
chart, and repo2docker accepts the repository as the learners' image. No cluster, no Docker,
no network: the chart's schema and defaults are vendored; repo2docker runs with --no-build.
"""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
Z2JH = ROOT / "workshop" / "z2jh"
CHART_VERSION = "4.4.0"


def merged(defaults: Any, values: Any) -> Any:
    """Helm's merge of a values file over the chart's values.yaml: maps merge, the rest replace."""
    if isinstance(defaults, dict) and isinstance(values, dict):
        result = copy.deepcopy(defaults)
        for key, value in values.items():
            result[key] = merged(defaults.get(key), value) if key in defaults else value
        return result
    return copy.deepcopy(values)


def load(name: str) -> Any:
    return yaml.safe_load((Z2JH / name).read_text())


def test_the_vendored_chart_files_name_their_version() -> None:
    for name in ("values.schema.yaml", "values.yaml"):
        header = (Z2JH / "chart" / name).read_text().splitlines()[1]
        assert f"version {CHART_VERSION} (tag {CHART_VERSION}, commit " in header
    assert f"--version {CHART_VERSION}" in (Z2JH / "config.yaml").read_text()
    assert f"k8s-hub:{CHART_VERSION}" in (Z2JH / "hub.Dockerfile").read_text()


def test_config_yaml_is_valid_for_the_chart() -> None:
    schema, defaults, config = load("chart/values.schema.yaml"), load("chart/values.yaml"), load("config.yaml")
    jsonschema.validate(merged(defaults, config), schema, cls=jsonschema.Draft7Validator)


@pytest.mark.parametrize(
    "mistake",
    [
        {"singleuser": {"memory": {"guarantee": "400M", "limt": "1G"}}},  # a misspelt key
        {"cull": {"timeout": "an hour"}},  # a wrong type
        {"scheduling": {"userPlaceholder": {"enabled": "yes"}}},
    ],
)
def test_the_schema_catches_mistakes(mistake: dict) -> None:
    """The test above would catch these: the vendored schema is strict enough to matter."""
    schema, defaults = load("chart/values.schema.yaml"), load("chart/values.yaml")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(merged(merged(defaults, load("config.yaml")), mistake), schema, cls=jsonschema.Draft7Validator)


def test_config_yaml_says_what_the_guide_promises() -> None:
    config = load("config.yaml")
    single = config["singleuser"]
    assert single["memory"] == {"guarantee": "400M", "limit": "1G"} and single["cpu"]["limit"] == 1
    assert single["networkPolicy"]["enabled"] and single["networkPolicy"]["egressAllowRules"]["privateIPs"] is False
    assert config["scheduling"]["userPlaceholder"] == {"enabled": True, "replicas": 30}
    assert config["cull"]["enabled"] and config["cull"]["timeout"] == 3600
    assert config["hub"]["services"]["room"]["url"] == "http://hub:8100"
    assert single["extraEnv"]["COURSE_ROOM_URL"] == "http://hub:8100/services/room/"
    assert single["lifecycleHooks"]["postStart"]["exec"]["command"][0] == "gitpuller"
    assert "nbgitpuller==" in (ROOT / "environment.yml").read_text()  # gitpuller is in the image


def test_repo2docker_accepts_the_repository() -> None:
    """What repo2docker (pinned in requirements/tests.in) would build, without Docker: its
    Dockerfile installs environment.yml (the lock first) and runs postBuild."""
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    command = [sys.executable, "-m", "repo2docker", "--no-build", "--no-run", "--debug", "--user-id", "1000",
               "--user-name", "jovyan", str(ROOT)]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    dockerfile = result.stdout
    assert "--file \"environment.yml\"" in dockerfile  # the conda build pack, from environment.yml
    assert "RUN ./postBuild" in dockerfile
    assert "Building conda environment for python=3.12" in result.stderr  # environment.yml's python

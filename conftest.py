"""Settings for every test run, the notebooks' included."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

# Exercises the tests pass must not count in the progress of whoever runs them; the notebook
# kernels started by the tests inherit this.
_progress_folder = tempfile.mkdtemp(prefix="course-test-progress-")
atexit.register(shutil.rmtree, _progress_folder, ignore_errors=True)
os.environ["FASTAPI_COURSE_PROGRESS"] = str(Path(_progress_folder) / "progress.json")

# Where the tests run must not change what they expect. In a JupyterHub or Binder terminal the
# hub's variables are set (a lesson would then show proxy links, and a JupyterLab started by a
# test would try to log in to the hub), and in a codespace the port-forwarding ones are: clear
# them for every test and kernel. The tests that simulate those places set them themselves.
PLACE_VARIABLES = ("CODESPACE_NAME", "GITHUB_CODESPACES_PORT_FORWARDING_DOMAIN")
for _name in list(os.environ):
    if _name.startswith("JUPYTERHUB_") or _name in PLACE_VARIABLES:
        del os.environ[_name]

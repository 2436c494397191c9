"""`tsp … | head`: a reader that stops early is not a data problem."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path


def test_closing_the_pipe_early_exits_0_without_a_traceback(repo_copy: Path) -> None:
    # Enough packages that the JSON is far larger than a pipe's buffer (64 KiB on Linux). The
    # reader goes away before tsp (which takes a while to start) writes anything, as with
    # `tsp list | true`; a reader that first takes a little leaves a partial write that Python
    # does not report, so closing at once is what makes the write fail every time.
    source = (repo_copy / "data/packages/reading-annual-review-mapping.yaml").read_text()
    for index in range(300):
        (repo_copy / f"data/packages/bulk-{index}.yaml").write_text(
            source.replace("id: reading-annual-review-mapping", f"id: bulk-{index}")
        )
    tsp = shutil.which("tsp", path=str(Path(sys.executable).parent))
    assert tsp is not None
    process = subprocess.Popen([tsp, "list", "--format", "json", "--repo", str(repo_copy)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) == 0
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr

"""Run benchmark jobs, one at a time, each in a fresh subprocess with a wall-clock limit.

For every (instance, solver) pair a JSON job file is written and
``python -m minix.bench.worker JOB.json`` is started in its own process group; the parent
waits ``time_limit · 1.2 + grace`` seconds (the solver also gets ``time_limit`` as its own
limit, so the kill is only the backstop for solvers without one or that ignore it), then
kills the whole group. A crash (segfault, out of memory) becomes a CRASH record with the
tail of the worker's output; nothing a solver does can stop the benchmark. The parent
measures the process wall time; the worker measures the solver's setup + solve.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, List, Optional, Sequence

from .problems import Instance

# Repository/site root holding the minix package, put first on the worker's PYTHONPATH
# so that it imports the same minix as the parent.
_PKG_ROOT = str(Path(__file__).resolve().parents[2])


@dataclass
class BenchConfig:
    solvers: Sequence[str] = ("minix", "clarabel")
    tol: float = 1e-8
    tol_infeas: Optional[float] = None   # None: same as tol
    slack: float = 10.0                  # verification threshold = slack · tol
    time_limit: float = 60.0             # seconds, per solve
    max_iter: Optional[int] = None
    grace: float = 10.0                  # extra seconds for loading / verifying
    repeat: int = 5                      # solves per job; time = their median (worker.py)
    repeat_budget: float = 1.0           # seconds of solving the repeats may take
    memory_limit_gb: Optional[float] = None
    verbose: bool = False                # solver logs (kept in the job's log file)
    log_dir: Optional[str] = None        # keep worker logs here (default: discarded)
    extra: dict = field(default_factory=dict)


def kill_group(proc: subprocess.Popen) -> None:
    """SIGKILL the worker's whole process group (it runs in its own session)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, AttributeError, OSError):
        try:
            proc.kill()
        except OSError:
            pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass


def _tail(path: str, nbytes: int = 800) -> str:
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - nbytes))
            return f.read().decode("utf-8", "replace").strip()
    except OSError:
        return ""


def run_one(inst: Instance, solver: str, cfg: BenchConfig,
            command: Optional[List[str]] = None) -> dict:
    """Solve one instance with one solver in a subprocess; return its record.

    ``command`` replaces the worker command (tests use it to run a worker that sleeps);
    the job file path is appended to it.
    """
    base = {"problem": inst.name, "solver": solver, "path": inst.path,
            "expected": inst.expected, "reference": inst.reference,
            "time_limit": cfg.time_limit, "tol": cfg.tol}
    with tempfile.TemporaryDirectory(prefix="minix-bench-") as tmp:
        job = {"name": inst.name, "path": inst.path, "solver": solver, "tol": cfg.tol,
               "tol_infeas": cfg.tol_infeas, "slack": cfg.slack,
               "time_limit": cfg.time_limit, "max_iter": cfg.max_iter,
               "repeat": cfg.repeat, "repeat_budget": cfg.repeat_budget,
               "verbose": cfg.verbose, "reference": inst.reference,
               "reference_has_constant": inst.reference_has_constant,
               "memory_limit_gb": cfg.memory_limit_gb,
               "result_path": os.path.join(tmp, "result.json")}
        job_path = os.path.join(tmp, "job.json")
        with open(job_path, "w") as f:
            json.dump(job, f)
        if cfg.log_dir:
            os.makedirs(cfg.log_dir, exist_ok=True)
            log_path = os.path.join(cfg.log_dir, f"{inst.name}.{solver}.log")
        else:
            log_path = os.path.join(tmp, "worker.log")
        cmd = list(command) if command else [sys.executable, "-m", "minix.bench.worker"]
        cmd.append(job_path)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            [_PKG_ROOT] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
        # the 2-core machine: no solver should spawn a thread pool of its own
        for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            env.setdefault(var, "1")
        deadline = cfg.time_limit * 1.2 + cfg.grace + cfg.repeat_budget
        t0 = time.perf_counter()
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL, env=env,
                                    start_new_session=True)
            try:
                rc = proc.wait(timeout=deadline)
            except subprocess.TimeoutExpired:
                kill_group(proc)
                rec = dict(base, status="TIMEOUT", verdict="no_solution",
                           process_time=time.perf_counter() - t0,
                           message=f"killed after {deadline:.1f} s wall time")
                return rec
            except BaseException:  # Ctrl-C in the parent: take the worker down too
                kill_group(proc)
                raise
        wall = time.perf_counter() - t0
        rec = None
        if os.path.exists(job["result_path"]):
            try:
                with open(job["result_path"]) as f:
                    rec = json.load(f)
            except (OSError, ValueError):
                rec = None
        if rec is None:
            why = f"signal {-rc}" if rc < 0 else f"exit code {rc}"
            rec = {"status": "CRASH", "verdict": "no_solution",
                   "message": f"worker died ({why}): {_tail(log_path)[-300:]}"}
        out = dict(base)
        out.update(rec)
        out["process_time"] = wall
        return out


def run_all(instances: Iterable[Instance], cfg: BenchConfig,
            on_result: Optional[Callable[[int, int, dict], None]] = None,
            command: Optional[List[str]] = None) -> List[dict]:
    """Every instance with every solver in cfg.solvers, strictly one job at a time.

    ``on_result(index, total, record)`` is called after each job (progress lines, saving
    partial results).
    """
    instances = list(instances)
    total = len(instances) * len(cfg.solvers)
    results = []
    k = 0
    for inst in instances:
        for solver in cfg.solvers:
            k += 1
            rec = run_one(inst, solver, cfg, command=command)
            results.append(rec)
            if on_result is not None:
                on_result(k, total, rec)
    return results

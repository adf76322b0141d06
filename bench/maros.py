#!/usr/bin/env python
"""Maros–Mészáros benchmark (137 convex QPs): Minix against Clarabel and PIQP at 1e-8.

A thin wrapper around `minix bench` (minix/bench/): every solve runs in its own subprocess
with a wall-clock limit, every answer is verified from its x, s, z (and against the
reference objective where data/maros/reference_objectives.csv has one), and the summary
gives verified counts, shifted geometric means of time, the geometric mean of time ratios
against Clarabel, and iteration counts.

    python bench/maros.py --time-limit 30 --out bench/results/maros.csv
    python bench/maros.py --filter '^(HS|QAFIRO|DUAL)' --time-limit 5 --table

All `minix bench` options apply (python bench/maros.py --help).
"""
import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from minix.cli import add_bench_arguments, run_bench  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "maros"


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_bench_arguments(p, paths_default=[str(DATA)], solvers_default="minix,clarabel,piqp",
                        baseline_default="clarabel")
    p.set_defaults(time_limit=60.0, tol=1e-8, out=str(ROOT / "bench" / "results" / "maros.csv"),
                   plot=str(ROOT / "bench" / "results" / "maros.png"))
    return run_bench(p.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())

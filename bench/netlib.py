#!/usr/bin/env python
"""Netlib LP benchmark: the 108 feasible LPs (checked against HiGHS reference objectives,
which exclude the files' objective constant) and the 29 primal infeasible ones (which
count only if the returned certificate verifies), Minix against Clarabel and PIQP.

A thin wrapper around `minix bench` (minix/bench/); each solve in its own subprocess
with a wall-clock limit, every answer verified from its x, s, z.

    python bench/netlib.py --time-limit 30 --out bench/results/netlib.csv
    python bench/netlib.py --solvers minix,clarabel,ecos --filter '^(afiro|adlittle|lpi_)'

All `minix bench` options apply (python bench/netlib.py --help).
"""
import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from minix.cli import add_bench_arguments, run_bench  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "netlib"


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_bench_arguments(p, paths_default=[str(DATA / "feasible"), str(DATA / "infeasible")],
                        solvers_default="minix,clarabel,piqp", baseline_default="clarabel")
    p.set_defaults(time_limit=60.0, tol=1e-8, out=str(ROOT / "bench" / "results" / "netlib.csv"),
                   plot=str(ROOT / "bench" / "results" / "netlib.png"))
    return run_bench(p.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())

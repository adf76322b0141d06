"""Benchmark harness: run Minix and peer solvers on instance files, verify every answer
independently from the returned x, s, z, and summarise.

Modules: ``problems`` (find and load instances, reference objectives), ``peers`` (one
runner per solver), ``verify`` (residuals, cone membership, certificates), ``worker``
(one solve in a subprocess), ``runner`` (jobs with time limits), ``report`` (CSV,
summary, performance profile). The ``minix bench`` command and bench/*.py drive them.
"""

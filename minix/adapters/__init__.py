"""Front-end adapters (CVXPY now; Pyomo and MOI later) and their registration hooks.

`import minix` calls `install_hooks()`. It must stay cheap and must not import any front end:

- if the front end's registry module is already imported, register at once;
- otherwise put a one-shot finder on `sys.meta_path` that registers right after that module
  has executed, the first time anything imports it.

So `import minix` + `import cvxpy` in either order makes `prob.solve(solver="MINIX")` work,
and `import minix` alone never pays for importing cvxpy. Set MINIX_NO_ADAPTER_HOOKS=1 to skip
the hooks; `minix.adapters.cvxpy.register()` then registers by hand.
"""
from __future__ import annotations

import importlib.abc
import importlib.machinery
import os
import sys
import warnings
from typing import Callable

__all__ = ["install_hooks", "after_import"]


class _Loader(importlib.abc.Loader):
    """Wraps the real loader of one module and runs a callback after it has executed."""

    def __init__(self, inner, callback: Callable[[], None]):
        self._inner = inner
        self._callback = callback

    def create_module(self, spec):
        return self._inner.create_module(spec)

    def exec_module(self, module):
        self._inner.exec_module(module)
        _run(self._callback, module.__name__)

    def __getattr__(self, name):  # get_code, get_source, ... of the real loader
        return getattr(self._inner, name)


class _AfterImport(importlib.abc.MetaPathFinder):
    """A one-shot finder: for `fullname` only, find the real spec and wrap its loader."""

    def __init__(self, fullname: str, callback: Callable[[], None]):
        self.fullname = fullname
        self.callback = callback

    def find_spec(self, fullname, path, target=None):
        if fullname != self.fullname:
            return None
        self._remove()
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return spec
        spec.loader = _Loader(spec.loader, self.callback)
        return spec

    def _remove(self):
        try:
            sys.meta_path.remove(self)
        except ValueError:
            pass


def _run(callback: Callable[[], None], modname: str) -> None:
    try:
        callback()
    except Exception as exc:  # never break the front end's own import
        warnings.warn(f"minix: could not register with {modname.split('.')[0]}: {exc!r}",
                      RuntimeWarning, stacklevel=2)


def after_import(fullname: str, callback: Callable[[], None]) -> None:
    """Run `callback()` once `fullname` is imported: now if it already is, else right after."""
    if fullname in sys.modules:
        _run(callback, fullname)
        return
    if any(isinstance(f, _AfterImport) and f.fullname == fullname for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _AfterImport(fullname, callback))


def _register_cvxpy() -> None:
    from .cvxpy import register
    register()


def _register_pyomo() -> None:
    mod = sys.modules.get(__name__ + ".pyomo")
    if mod is not None and not hasattr(mod, "register"):
        return  # minix.adapters.pyomo is importing Pyomo itself; it registers when it is done
    from .pyomo import register
    register()


def install_hooks() -> None:
    """Called by `import minix`: cheap, imports no front end."""
    if os.environ.get("MINIX_NO_ADAPTER_HOOKS", "") not in ("", "0"):
        return
    # cvxpy/reductions/solvers/defines.py builds SOLVER_MAP_CONIC and INSTALLED_SOLVERS.
    after_import("cvxpy.reductions.solvers.defines", _register_cvxpy)
    # pyomo/contrib/solver/common/factory.py holds the v2 SolverFactory (and imports the legacy one).
    after_import("pyomo.contrib.solver.common.factory", _register_pyomo)

"""A run cut short (max_iter) on a feasible instance must not claim infeasibility.

When a run stops early the core falls back on reduced-accuracy certificates. On these
feasible instances an early iterate's z passed the loose ratio test |A'z| <= 5e-5 |b'z| only
because b'z was huge: on a QP with a large optimal value A'z = -Px - q is small beside it.
Such a z excludes feasible points of norm below |b'z| / |A'z| only, and the candidate x/tau
lay beyond that radius, so the claim "almost primal infeasible" was false. Before the fix
every case below ended AlmostPrimalInfeasible for at least one of these iteration limits.
"""
import numpy as np
import pytest

import minix
import minix.io as mio
from conftest import data_path

CASES = [("maros", "AUG2DCQP"), ("maros", "AUG2DQP"), ("maros", "HUES-MOD"),
         ("maros", "HUESTIS"), ("maros", "QGFRDXPN"), ("netlib/feasible", "agg3"),
         ("netlib/feasible", "fffff800"), ("netlib/feasible", "vtp_base")]
CLAIMS = {minix.Status.PRIMAL_INFEASIBLE, minix.Status.ALMOST_PRIMAL_INFEASIBLE,
          minix.Status.DUAL_INFEASIBLE, minix.Status.ALMOST_DUAL_INFEASIBLE}


@pytest.mark.parametrize("folder,name", CASES)
def test_early_stop_claims_no_infeasibility(folder, name):
    prob = mio.read(data_path(*folder.split("/"), f"{name}.mat"))
    for k in (1, 2, 3, 5, 8):
        res = minix.solve_problem(prob, max_iter=k)
        assert res.status not in CLAIMS, (k, res.status)
        # the best iterate comes back in the user's terms, not a certificate's NaNs
        assert np.all(np.isfinite(res.x)) and np.all(np.isfinite(res.z)), k

/* validate.c -- default settings and every check on user input: settings fields, matrix
 * shapes and patterns, finiteness, and cone sizes. Each failure writes a message naming
 * what was wrong; nothing here aborts. */
#include <math.h>
#include <stdio.h>
#include "minix_internal.h"
#include "validate.h"

void minix_settings_default(MinixSettings *st) {
    st->max_iter = 200;
    st->time_limit = 0.0;
    st->verbose = 0;
    st->max_step_fraction = 0.99;
    st->tol_gap_abs = 1e-8;
    st->tol_gap_rel = 1e-8;
    st->tol_feas = 1e-8;
    st->tol_infeas_abs = 1e-8;
    st->tol_infeas_rel = 1e-8;
    st->tol_ktratio = 1e-6;
    st->reduced_tol_gap_abs = 5e-5;
    st->reduced_tol_gap_rel = 5e-5;
    st->reduced_tol_feas = 1e-4;
    st->reduced_tol_infeas_abs = 5e-5;
    st->reduced_tol_infeas_rel = 5e-5;
    st->reduced_tol_ktratio = 1e-4;
    st->equilibrate_enable = 1;
    st->equilibrate_max_iter = 10;
    st->equilibrate_min_scaling = 1e-4;
    st->equilibrate_max_scaling = 1e4;
    st->static_regularization_enable = 1;
    st->static_regularization_constant = 1e-8;
    st->static_regularization_proportional = 4.930380657631324e-32; /* eps^2 */
    st->dynamic_regularization_enable = 1;
    st->dynamic_regularization_eps = 1e-13;
    st->dynamic_regularization_delta = 2e-7;
    st->iterative_refinement_enable = 1;
    st->iterative_refinement_reltol = 1e-15;
    st->iterative_refinement_abstol = 1e-15;
    st->iterative_refinement_max_iter = 10;
    st->iterative_refinement_stop_ratio = 1.0;
    st->presolve_enable = 0;
    st->soc_dense_max_dim = 4;
    st->amd_dense = 10.0;
}

#define CHECK(cond, ...)                                  \
    do {                                                  \
        if (!(cond)) {                                    \
            snprintf(msg, MINIX_MSG_LEN, __VA_ARGS__);    \
            return MINIX_ERR_SETTINGS;                    \
        }                                                 \
    } while (0)

static int tol_ok(minix_float v) { return isfinite(v) && v >= 0.0; }

int validate_settings(const MinixSettings *st, char *msg) {
    CHECK(st->max_iter >= 0, "settings.max_iter must be >= 0 (got %lld)", (long long)st->max_iter);
    CHECK(isfinite(st->time_limit) && st->time_limit >= 0.0,
          "settings.time_limit must be finite and >= 0 (0 = no limit)");
    CHECK(st->max_step_fraction > 0.0 && st->max_step_fraction <= 1.0,
          "settings.max_step_fraction must be in (0, 1]");
    CHECK(tol_ok(st->tol_gap_abs), "settings.tol_gap_abs must be finite and >= 0");
    CHECK(tol_ok(st->tol_gap_rel), "settings.tol_gap_rel must be finite and >= 0");
    CHECK(tol_ok(st->tol_feas), "settings.tol_feas must be finite and >= 0");
    CHECK(tol_ok(st->tol_infeas_abs), "settings.tol_infeas_abs must be finite and >= 0");
    CHECK(tol_ok(st->tol_infeas_rel), "settings.tol_infeas_rel must be finite and >= 0");
    CHECK(tol_ok(st->tol_ktratio), "settings.tol_ktratio must be finite and >= 0");
    CHECK(tol_ok(st->reduced_tol_gap_abs), "settings.reduced_tol_gap_abs must be finite and >= 0");
    CHECK(tol_ok(st->reduced_tol_gap_rel), "settings.reduced_tol_gap_rel must be finite and >= 0");
    CHECK(tol_ok(st->reduced_tol_feas), "settings.reduced_tol_feas must be finite and >= 0");
    CHECK(tol_ok(st->reduced_tol_infeas_abs), "settings.reduced_tol_infeas_abs must be finite and >= 0");
    CHECK(tol_ok(st->reduced_tol_infeas_rel), "settings.reduced_tol_infeas_rel must be finite and >= 0");
    CHECK(tol_ok(st->reduced_tol_ktratio), "settings.reduced_tol_ktratio must be finite and >= 0");
    CHECK(st->equilibrate_max_iter >= 0, "settings.equilibrate_max_iter must be >= 0");
    CHECK(st->equilibrate_min_scaling > 0.0 && st->equilibrate_min_scaling <= 1.0,
          "settings.equilibrate_min_scaling must be in (0, 1]");
    CHECK(st->equilibrate_max_scaling >= 1.0 && isfinite(st->equilibrate_max_scaling),
          "settings.equilibrate_max_scaling must be finite and >= 1");
    CHECK(tol_ok(st->static_regularization_constant),
          "settings.static_regularization_constant must be finite and >= 0");
    CHECK(tol_ok(st->static_regularization_proportional),
          "settings.static_regularization_proportional must be finite and >= 0");
    CHECK(tol_ok(st->dynamic_regularization_eps), "settings.dynamic_regularization_eps must be finite and >= 0");
    CHECK(st->dynamic_regularization_delta > 0.0 && isfinite(st->dynamic_regularization_delta),
          "settings.dynamic_regularization_delta must be finite and > 0");
    CHECK(tol_ok(st->iterative_refinement_reltol), "settings.iterative_refinement_reltol must be finite and >= 0");
    CHECK(tol_ok(st->iterative_refinement_abstol), "settings.iterative_refinement_abstol must be finite and >= 0");
    CHECK(st->iterative_refinement_max_iter >= 0, "settings.iterative_refinement_max_iter must be >= 0");
    CHECK(st->iterative_refinement_stop_ratio >= 1.0 && isfinite(st->iterative_refinement_stop_ratio),
          "settings.iterative_refinement_stop_ratio must be finite and >= 1");
    CHECK(st->soc_dense_max_dim >= 1, "settings.soc_dense_max_dim must be >= 1");
    CHECK(isfinite(st->amd_dense), "settings.amd_dense must be finite (negative disables)");
    return MINIX_OK;
}

#undef CHECK
#define CHECK(cond, ...)                                  \
    do {                                                  \
        if (!(cond)) {                                    \
            snprintf(msg, MINIX_MSG_LEN, __VA_ARGS__);    \
            return MINIX_ERR_INVALID_INPUT;               \
        }                                                 \
    } while (0)

int validate_csc(const MinixCsc *M, const char *name, minix_int m, minix_int n, int upper,
                 char *msg) {
    CHECK(M != NULL, "%s is missing", name);
    CHECK(M->m == m && M->n == n, "%s has shape (%lld, %lld), expected (%lld, %lld)", name,
          (long long)M->m, (long long)M->n, (long long)m, (long long)n);
    CHECK(M->p != NULL, "%s: column pointer array is missing", name);
    CHECK(M->p[0] == 0, "%s: column pointers must start at 0", name);
    for (minix_int j = 0; j < n; j++) {
        CHECK(M->p[j + 1] >= M->p[j], "%s: column pointers decrease at column %lld", name, (long long)j);
        for (minix_int k = M->p[j]; k < M->p[j + 1]; k++) {
            minix_int r = M->i[k];
            CHECK(r >= 0 && r < m, "%s: column %lld has row index %lld out of range [0, %lld)", name,
                  (long long)j, (long long)r, (long long)m);
            CHECK(k == M->p[j] || M->i[k - 1] < r,
                  "%s: column %lld row indices not sorted or duplicated (row %lld)", name, (long long)j,
                  (long long)r);
            CHECK(isfinite(M->x[k]), "%s: entry (%lld, %lld) is not finite", name, (long long)r,
                  (long long)j);
            CHECK(!upper || r <= j, "%s: entry (%lld, %lld) is below the diagonal; pass the upper triangle",
                  name, (long long)r, (long long)j);
        }
    }
    return MINIX_OK;
}

int validate_vector(const minix_float *v, minix_int n, const char *name, char *msg) {
    CHECK(n == 0 || v != NULL, "%s is missing", name);
    for (minix_int i = 0; i < n; i++)
        CHECK(isfinite(v[i]), "%s[%lld] is not finite", name, (long long)i);
    return MINIX_OK;
}

minix_int cone_spec_rows(const MinixConeSpec *c) {
    if (c->kind == MINIX_CONE_PSD) return c->dim * (c->dim + 1) / 2;
    if (c->kind == MINIX_CONE_EXP || c->kind == MINIX_CONE_POW) return 3;
    return c->dim;
}

int validate_cones(const MinixConeSpec *cones, minix_int ncones, minix_int m, char *msg) {
    CHECK(ncones >= 0 && (ncones == 0 || cones != NULL), "cone list is missing");
    minix_int total = 0;
    for (minix_int k = 0; k < ncones; k++) {
        CHECK(cones[k].dim >= 0, "cone %lld has negative dimension", (long long)k);
        total += cone_spec_rows(&cones[k]);
    }
    CHECK(total == m, "cone sizes add up to %lld, but A has %lld rows", (long long)total, (long long)m);
    return MINIX_OK;
}

/* status.c -- names of solve statuses and call results, from one switch each so the strings
 * can never drift from the enums in minix_core.h. */
#include "minix_internal.h"

const char *minix_version(void) { return MINIX_VERSION; }

const char *minix_status_str(int status) {
    switch ((MinixStatus)status) {
    case MINIX_UNSOLVED: return "Unsolved";
    case MINIX_SOLVED: return "Solved";
    case MINIX_ALMOST_SOLVED: return "AlmostSolved";
    case MINIX_PRIMAL_INFEASIBLE: return "PrimalInfeasible";
    case MINIX_DUAL_INFEASIBLE: return "DualInfeasible";
    case MINIX_ALMOST_PRIMAL_INFEASIBLE: return "AlmostPrimalInfeasible";
    case MINIX_ALMOST_DUAL_INFEASIBLE: return "AlmostDualInfeasible";
    case MINIX_MAX_ITERATIONS: return "MaxIterations";
    case MINIX_MAX_TIME: return "MaxTime";
    case MINIX_NUMERICAL_ERROR: return "NumericalError";
    case MINIX_INSUFFICIENT_PROGRESS: return "InsufficientProgress";
    case MINIX_INTERRUPTED: return "Interrupted";
    case MINIX_INVALID_INPUT: return "InvalidInput";
    case MINIX_STATUS__COUNT: break;
    }
    return "Unknown";
}

const char *minix_error_str(int code) {
    switch ((MinixError)code) {
    case MINIX_OK: return "ok";
    case MINIX_ERR_INVALID_INPUT: return "invalid input";
    case MINIX_ERR_SETTINGS: return "invalid settings";
    case MINIX_ERR_ALLOC: return "memory allocation failed";
    case MINIX_ERR_UPDATE_NOT_ALLOWED: return "update not allowed";
    case MINIX_ERR_NOT_SETUP: return "solver not set up";
    case MINIX_ERR_NUMERICAL: return "numerical error";
    case MINIX_ERR__COUNT: break;
    }
    return "unknown error";
}

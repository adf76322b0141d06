/* validate.h -- input checks used by minix_setup and the update functions. */
#ifndef MINIX_VALIDATE_H
#define MINIX_VALIDATE_H

#include "minix_internal.h"

int validate_settings(const MinixSettings *st, char *msg);
int validate_csc(const MinixCsc *M, const char *name, minix_int m, minix_int n, int upper, char *msg);
int validate_vector(const minix_float *v, minix_int n, const char *name, char *msg);
int validate_cones(const MinixConeSpec *cones, minix_int ncones, minix_int m, char *msg);
/* rows of A a cone spec takes (PSD: the packed triangle; Exp and Pow: 3) */
minix_int cone_spec_rows(const MinixConeSpec *c);

#endif

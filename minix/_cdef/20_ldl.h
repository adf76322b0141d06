typedef struct LdlFactor {
    minix_int n;
    minix_int nnz_k;
    minix_int nnz_l;
    minix_int max_rhs;
    minix_int *perm;
    minix_int *Lp;
    minix_int *Li;
    minix_float *Lx;
    minix_float *D;
    minix_int reg_count;
    minix_int positive_pivots;
    int method;
    minix_int nnz_stored;
    double flops;
    ...;
} LdlFactor;
int ldl_setup(LdlFactor **out, minix_int n, const minix_int *Kp, const minix_int *Ki,
              const minix_int *perm, minix_int max_rhs);
int ldl_setup_method(LdlFactor **out, minix_int n, const minix_int *Kp, const minix_int *Ki,
                     const minix_int *perm, minix_int max_rhs, int method);
int ldl_method_from_name(const char *name);
const char *ldl_method_name(const LdlFactor *f);
int ldl_factor(LdlFactor *f, const minix_float *Kx, const minix_float *signs,
               minix_float eps, minix_float delta);
void ldl_solve(LdlFactor *f, minix_float *b, minix_int nrhs);
void ldl_solve_into(LdlFactor *f, const minix_float *b, minix_float *x, minix_int nrhs);
void ldl_free(LdlFactor *f);

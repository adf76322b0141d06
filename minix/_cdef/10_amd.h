int amd_order(minix_int n, const minix_int *Ap, const minix_int *Ai, double dense, minix_int *perm);

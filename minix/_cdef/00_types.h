typedef double minix_float;
typedef int64_t minix_int;
int64_t minix_alloc_count(void);

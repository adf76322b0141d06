/* alloc.h -- every allocation in the C core goes through here, so it can be counted.
 * Setup allocates; solve, update and the factorization never do (a test checks the count). */
#ifndef MINIX_ALLOC_H
#define MINIX_ALLOC_H

#include "minix_types.h"

void *minix_malloc(size_t bytes);
void *minix_calloc(size_t count, size_t size);
void minix_free_mem(void *ptr);

/* Number of successful minix_malloc/minix_calloc calls since the library was loaded. */
MINIX_API int64_t minix_alloc_count(void);

#endif

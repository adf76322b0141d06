/* alloc.c -- counting wrappers around the C allocator (see alloc.h). */
#include <stdlib.h>
#include "alloc.h"

static int64_t alloc_count = 0;

void *minix_malloc(size_t bytes) {
    void *p = malloc(bytes ? bytes : 1);
    if (p) alloc_count++;
    return p;
}

void *minix_calloc(size_t count, size_t size) {
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (p) alloc_count++;
    return p;
}

void minix_free_mem(void *ptr) { free(ptr); }

int64_t minix_alloc_count(void) { return alloc_count; }

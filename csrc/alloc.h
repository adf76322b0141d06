/* alloc.h -- every allocation in the C core goes through here, so it can be counted.
 * Setup allocates; solve, update and the factorization never do (a test checks the count).
 *
 * While an arena is active on a thread (alloc_arena_begin ... alloc_arena_end), requests up
 * to ARENA_MAX_REQUEST bytes are carved from the arena's blocks instead of the C heap;
 * minix_free_mem leaves them alone, and alloc_arena_release returns them all at once. A
 * solver's setup makes about 190 allocations even for a 3-variable problem, and their
 * malloc and free took half of its setup and teardown (14 us on HS21). Larger requests, the
 * ones that scale with the problem, still go to the heap and are freed when asked. */
#ifndef MINIX_ALLOC_H
#define MINIX_ALLOC_H

#include "minix_types.h"

typedef struct ArenaBlock ArenaBlock;
typedef struct AllocArena {
    ArenaBlock *blocks;  /* newest first */
} AllocArena;

void *minix_malloc(size_t bytes);
void *minix_calloc(size_t count, size_t size);
void minix_free_mem(void *ptr);

/* Route this thread's small allocations to arena (which must start zeroed) until
 * alloc_arena_end; not nested. */
void alloc_arena_begin(AllocArena *arena);
void alloc_arena_end(void);
/* Free every block of arena: all memory it handed out becomes invalid. */
void alloc_arena_release(AllocArena *arena);

/* Number of successful minix_malloc/minix_calloc calls since the library was loaded. */
MINIX_API int64_t minix_alloc_count(void);

#endif

/* alloc.c -- counting allocation wrappers and the setup arena (see alloc.h). */
#include <stdlib.h>
#include <string.h>
#include "alloc.h"

#if defined(_MSC_VER)
#define THREAD_LOCAL __declspec(thread)
#else
#define THREAD_LOCAL __thread
#endif

#define ARENA_BLOCK_BYTES ((size_t)64 * 1024)
#define ARENA_MAX_REQUEST ((size_t)16 * 1024)

/* Every allocation starts with a header saying where it came from, so that minix_free_mem
 * knows whether to free it; 16 bytes keep the memory after it 16-byte aligned. */
typedef union Header {
    struct { int from_heap; } tag;
    double align;
    char pad[16];
} Header;

struct ArenaBlock {
    ArenaBlock *next;
    size_t used, cap;  /* bytes of data[] */
    size_t pad;        /* data[] starts 32 bytes in: 16-byte aligned like malloc's memory */
    char data[];
};

static int64_t alloc_count = 0;
static THREAD_LOCAL AllocArena *current_arena = NULL;

static size_t round16(size_t bytes) { return (bytes + 15) & ~(size_t)15; }

static void *arena_take(AllocArena *a, size_t bytes) {
    ArenaBlock *b = a->blocks;
    if (!b || b->cap - b->used < bytes) {
        size_t cap = bytes > ARENA_BLOCK_BYTES ? bytes : ARENA_BLOCK_BYTES;
        b = malloc(sizeof(ArenaBlock) + cap);
        if (!b) return NULL;
        b->next = a->blocks;
        b->used = 0;
        b->cap = cap;
        a->blocks = b;
    }
    void *p = b->data + b->used;
    b->used += bytes;
    return p;
}

static void *take(size_t bytes, int zero) {
    size_t total = sizeof(Header) + round16(bytes ? bytes : 1);
    Header *h;
    if (current_arena && total <= ARENA_MAX_REQUEST) {
        h = arena_take(current_arena, total);
        if (!h) return NULL;
        if (zero) memset(h, 0, total);
        h->tag.from_heap = 0;
    } else {
        h = zero ? calloc(1, total) : malloc(total);
        if (!h) return NULL;
        h->tag.from_heap = 1;
    }
    alloc_count++;
    return h + 1;
}

void *minix_malloc(size_t bytes) { return take(bytes, 0); }

void *minix_calloc(size_t count, size_t size) {
    if (size && count > ((size_t)-1 - 64) / size) return NULL;
    return take(count * size, 1);
}

void minix_free_mem(void *ptr) {
    if (!ptr) return;
    Header *h = (Header *)ptr - 1;
    if (h->tag.from_heap) free(h);
}

void alloc_arena_begin(AllocArena *arena) { current_arena = arena; }

void alloc_arena_end(void) { current_arena = NULL; }

void alloc_arena_release(AllocArena *arena) {
    ArenaBlock *b = arena->blocks;
    while (b) {
        ArenaBlock *next = b->next;
        free(b);
        b = next;
    }
    arena->blocks = NULL;
}

int64_t minix_alloc_count(void) { return alloc_count; }

/* minix_types.h -- the scalar and index types and export macro shared by every C file.
 * Chosen once: double precision, 64-bit indices (scipy may hand over int64 indices and
 * nnz(L) of large KKT systems overflows 32 bits). */
#ifndef MINIX_TYPES_H
#define MINIX_TYPES_H

#include <stdint.h>
#include <stddef.h>

typedef double minix_float;
typedef int64_t minix_int;

#if defined(_WIN32)
#define MINIX_API __declspec(dllexport)
#else
#define MINIX_API __attribute__((visibility("default")))
#endif

#endif

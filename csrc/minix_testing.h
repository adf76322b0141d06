/* minix_testing.h -- internal kernels exposed to the Python unit tests through cffi.
 * Not part of the public API (minix_core.h); only the test binding includes it. */
#ifndef MINIX_TESTING_H
#define MINIX_TESTING_H

#include "alloc.h"
#include "amd.h"
#include "ldl.h"

#endif

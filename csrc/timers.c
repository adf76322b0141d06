/* timers.c -- the platform clocks behind the timers: timer_now for the times a solve
 * reports and checks against its limit, timer_ticks for the per-phase timers inside the
 * iteration loop. */
#define _POSIX_C_SOURCE 199309L
#include <time.h>
#include "minix_internal.h"

#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#include <x86intrin.h>
#define HAVE_TSC 1
#elif defined(_MSC_VER) && (defined(_M_X64) || defined(_M_IX86))
#include <intrin.h>
#define HAVE_TSC 1
#endif

double timer_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The time-stamp counter where there is one: about 10 ns to read, against 28 ns for
 * clock_gettime (measured here), and the loop reads it 16 times an iteration, a quarter of
 * a 10 us solve (HS21). Elsewhere the clock itself. Either way only differences of ticks
 * are used, turned into seconds by the solve's own clock (see minix_solve). */
double timer_ticks(void) {
#ifdef HAVE_TSC
    return (double)__rdtsc();
#else
    return timer_now();
#endif
}

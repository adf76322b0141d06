/* interrupt.c -- Ctrl-C during a solve: a SIGINT handler installed only for the duration of
 * minix_solve (nested/concurrent solves share it through a counter), restoring the previous
 * handler afterwards. The loop polls interrupt_requested() and returns Interrupted. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include "interrupt.h"

static volatile sig_atomic_t requested = 0;
static struct sigaction previous;
static int active = 0;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void on_sigint(int sig) {
    (void)sig;
    requested = 1;
}

void interrupt_begin(void) {
    pthread_mutex_lock(&lock);
    if (active++ == 0) {
        struct sigaction act;
        memset(&act, 0, sizeof(act));
        act.sa_handler = on_sigint;
        sigemptyset(&act.sa_mask);
        requested = 0;
        sigaction(SIGINT, &act, &previous);
    }
    pthread_mutex_unlock(&lock);
}

void interrupt_end(void) {
    pthread_mutex_lock(&lock);
    if (--active == 0) {
        sigaction(SIGINT, &previous, NULL);
        requested = 0;
    }
    pthread_mutex_unlock(&lock);
}

int interrupt_requested(void) { return requested != 0; }

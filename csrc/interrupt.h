/* interrupt.h -- SIGINT handling scoped to a solve (see interrupt.c). */
#ifndef MINIX_INTERRUPT_H
#define MINIX_INTERRUPT_H

void interrupt_begin(void);
void interrupt_end(void);
int interrupt_requested(void);

#endif

/*
 * tick.h: the background thread that runs periodic jobs off the request path (flushing view
 * counts, recomputing rankings; later, scheduled publishing).
 *
 * Jobs are registered before tick_start(); each runs when its interval has passed, one job at a
 * time, on the tick thread (which has its own database connection via db_thread()). tick_stop()
 * ends the thread and then runs every job once more, so counters are flushed at shutdown.
 */
#ifndef SAHIFA_WEB_TICK_H
#define SAHIFA_WEB_TICK_H

#include <time.h>

typedef void (*tick_job)(time_t now);

/* Registers job to run every interval seconds (the first run is one interval after start). */
void tick_add(const char *name, tick_job job, int interval);
/* Starts the thread. Returns 0 or -1. */
int tick_start(void);
/* Stops the thread, waits for it, then runs each job once more on the calling thread. */
void tick_stop(void);

#endif

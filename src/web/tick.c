/* tick.c: the background job thread (see tick.h). */
#include "web/tick.h"
#include "base/log.h"

#include <pthread.h>
#include <stdbool.h>

enum { TICK_MAX_JOBS = 8 };

static struct {
    const char *name;
    tick_job job;
    int interval;
    time_t next;
} jobs[TICK_MAX_JOBS];
static int njobs;

static pthread_t thread;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static bool stopping, running;

void tick_add(const char *name, tick_job job, int interval)
{
    if (njobs == TICK_MAX_JOBS) {
        log_error("tick: too many jobs, %s not added", name);
        return;
    }
    jobs[njobs].name = name;
    jobs[njobs].job = job;
    jobs[njobs].interval = interval > 0 ? interval : 1;
    njobs++;
}

static void *tick_main(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&lock);
    while (!stopping) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 1;
        pthread_cond_timedwait(&wake, &lock, &until);
        if (stopping)
            break;
        time_t now = time(NULL);
        for (int i = 0; i < njobs; i++) {
            if (now < jobs[i].next)
                continue;
            jobs[i].next = now + jobs[i].interval;
            /* Jobs run unlocked, so tick_stop() is never kept waiting for the lock. */
            pthread_mutex_unlock(&lock);
            jobs[i].job(now);
            pthread_mutex_lock(&lock);
        }
    }
    pthread_mutex_unlock(&lock);
    return NULL;
}

int tick_start(void)
{
    time_t now = time(NULL);
    for (int i = 0; i < njobs; i++)
        jobs[i].next = now + jobs[i].interval;
    stopping = false;
    if (pthread_create(&thread, NULL, tick_main, NULL) != 0) {
        log_error("tick: cannot start the background thread");
        return -1;
    }
    running = true;
    return 0;
}

void tick_stop(void)
{
    if (running) {
        pthread_mutex_lock(&lock);
        stopping = true;
        pthread_cond_signal(&wake);
        pthread_mutex_unlock(&lock);
        pthread_join(thread, NULL);
        running = false;
    }
    time_t now = time(NULL);
    for (int i = 0; i < njobs; i++)
        jobs[i].job(now);
}

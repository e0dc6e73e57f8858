/* queue.c: the photo worker thread (queue.h). */
#include "media/queue.h"
#include "base/log.h"
#include "base/mem.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

struct job {
    struct job *next;
    void (*run)(void *ctx);
    void *ctx;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static struct job *head, **tail = &head;
static int length;
static bool started;

static void *worker(void *arg)
{
    (void)arg;
    for (;;) {
        pthread_mutex_lock(&lock);
        while (!head)
            pthread_cond_wait(&wake, &lock);
        struct job *j = head;
        head = j->next;
        if (!head)
            tail = &head;
        pthread_mutex_unlock(&lock);
        j->run(j->ctx);
        free(j);
        pthread_mutex_lock(&lock);
        length--;
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

int media_queue(void (*run)(void *ctx), void *ctx)
{
    struct job *j = xcalloc(1, sizeof *j);
    j->run = run;
    j->ctx = ctx;
    pthread_mutex_lock(&lock);
    if (!started) {
        pthread_t t;
        if (pthread_create(&t, NULL, worker, NULL) != 0) {
            pthread_mutex_unlock(&lock);
            free(j);
            log_error("media: cannot start the photo worker thread");
            return -1;
        }
        pthread_detach(t);
        started = true;
    }
    *tail = j;
    tail = &j->next;
    length++;
    pthread_cond_signal(&wake);
    pthread_mutex_unlock(&lock);
    return 0;
}

int media_queue_length(void)
{
    pthread_mutex_lock(&lock);
    int n = length;
    pthread_mutex_unlock(&lock);
    return n;
}

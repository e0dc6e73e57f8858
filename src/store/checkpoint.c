/*
 * checkpoint.c: copying the write-ahead log into the database on a thread of its own, while a
 * bulk load keeps writing (see db.h).
 *
 * SQLite copies the log back after a commit that leaves it over 1,000 pages, on the writer's
 * thread: during an import, a sixth of that thread's time, doing what another core could. A
 * PASSIVE checkpoint on a second connection runs beside the writer (WAL allows one of each)
 * and never waits for it; the log restarts from its beginning once one has caught up.
 */
#include "base/mem.h"
#include "store/db.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

struct db_checkpointer {
    struct db *writer, *db; /* the loader's connection, and the checkpointer's own */
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t poked;
    long pokes; /* commits not yet checkpointed */
    bool stop;
};

static void *run(void *arg)
{
    struct db_checkpointer *c = arg;
    pthread_mutex_lock(&c->lock);
    for (;;) {
        while (!c->pokes && !c->stop)
            pthread_cond_wait(&c->poked, &c->lock);
        if (!c->pokes)
            break;
        c->pokes = 0;
        pthread_mutex_unlock(&c->lock);
        db_exec(c->db, "PRAGMA wal_checkpoint(PASSIVE)");
        pthread_mutex_lock(&c->lock);
    }
    pthread_mutex_unlock(&c->lock);
    return NULL;
}

struct db_checkpointer *db_checkpointer_start(struct db *writer)
{
    struct db_checkpointer *c = xcalloc(1, sizeof *c);
    c->writer = writer;
    if (db_open(&c->db, db_path(writer), 0) != DB_OK) {
        free(c);
        return NULL; /* the writer checkpoints as usual */
    }
    pthread_mutex_init(&c->lock, NULL);
    pthread_cond_init(&c->poked, NULL);
    if (pthread_create(&c->thread, NULL, run, c) != 0) {
        pthread_cond_destroy(&c->poked);
        pthread_mutex_destroy(&c->lock);
        db_close(c->db);
        free(c);
        return NULL;
    }
    db_exec(writer, "PRAGMA wal_autocheckpoint=0");
    return c;
}

void db_checkpointer_poke(struct db_checkpointer *c)
{
    if (!c)
        return;
    pthread_mutex_lock(&c->lock);
    c->pokes++;
    pthread_cond_signal(&c->poked);
    pthread_mutex_unlock(&c->lock);
}

void db_checkpointer_stop(struct db_checkpointer *c)
{
    if (!c)
        return;
    pthread_mutex_lock(&c->lock);
    c->stop = true;
    pthread_cond_signal(&c->poked);
    pthread_mutex_unlock(&c->lock);
    pthread_join(c->thread, NULL);
    db_exec(c->writer, "PRAGMA wal_autocheckpoint=1000");
    pthread_cond_destroy(&c->poked);
    pthread_mutex_destroy(&c->lock);
    db_close(c->db);
    free(c);
}

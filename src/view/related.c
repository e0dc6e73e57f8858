/*
 * related.c: an article's related articles (store_related(): its weightiest terms searched in
 * the index), kept for ten minutes while the content generation (store_generation()) stays the
 * same: a published, edited or unpublished article anywhere makes them be found anew, so a
 * related list never points at an article taken down. Finding them costs milliseconds of index
 * work; the generation check costs one primary-key read.
 */
#include "view/related.h"
#include "store/store.h"
#include "view/card.h"
#include "view/fail.h"

#include <pthread.h>

enum { RELATED = 4, SLOTS = 4096, KEEP_SECONDS = 600 };

static struct {
    int64_t article, generation;
    time_t made;
    json_t *cards;
} cache[SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

json_t *related_cards(struct req *r, int64_t id)
{
    size_t slot = (size_t)id % SLOTS;
    int64_t generation;
    int rc = store_generation(r->db, &generation);
    if (rc != DB_OK) {
        view_fail_db(r, rc);
        return NULL;
    }
    pthread_mutex_lock(&lock);
    if (cache[slot].cards && cache[slot].article == id && cache[slot].generation == generation &&
        r->now - cache[slot].made < KEEP_SECONDS) {
        json_t *cards = json_incref(cache[slot].cards);
        pthread_mutex_unlock(&lock);
        return cards;
    }
    pthread_mutex_unlock(&lock);
    json_t *cards = view_cards(store_related(r->db, id, r->now, RELATED));
    pthread_mutex_lock(&lock);
    json_decref(cache[slot].cards);
    cache[slot].article = id;
    cache[slot].generation = generation;
    cache[slot].made = r->now;
    cache[slot].cards = json_incref(cards);
    pthread_mutex_unlock(&lock);
    return cards;
}

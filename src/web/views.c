/* views.c: the in-memory view counter and its batched flush (see views.h). */
#include "web/views.h"
#include "base/log.h"
#include "base/mem.h"
#include "base/u64map.h"
#include "store/store.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct u64map seen;    /* hash(article, client, agent) -> time first counted */
static struct u64map pending; /* (hour << 40 | article) -> views */
static struct views_stats stats;

/* Substrings (lowercase) of User-Agents that are not readers. */
static const char *const bot_marks[] = {
    "bot",     "crawl",      "spider",   "slurp",       "facebookexternalhit",
    "embedly", "preview",    "whatsapp", "feedfetcher", "mediapartners",
    "curl/",   "wget/",      "python-",  "go-http",     "java/",
    "libwww",  "httpclient", "okhttp",   "headless",    "lighthouse",
    "pingdom", "uptime",     "monitor",  "scrapy",      "archiver",
};

bool views_is_bot(const char *ua)
{
    if (!ua || !*ua)
        return true;
    char lower[512];
    size_t n = 0;
    for (; ua[n] && n < sizeof lower - 1; n++)
        lower[n] = (char)tolower((unsigned char)ua[n]);
    lower[n] = 0;
    for (size_t i = 0; i < ARRAY_LEN(bot_marks); i++)
        if (strstr(lower, bot_marks[i]))
            return true;
    return false;
}

enum views_result views_hit(int64_t article_id, const char *client, const char *ua, time_t now)
{
    if (views_is_bot(ua)) {
        pthread_mutex_lock(&lock);
        stats.bots++;
        pthread_mutex_unlock(&lock);
        return VIEW_BOT;
    }
    uint64_t h = u64_hash(U64_HASH_SEED, &article_id, sizeof article_id);
    h = u64_hash(h, client, strlen(client) + 1);
    h = u64_hash(h, ua, strlen(ua)) | 1;
    uint64_t key = ((uint64_t)(now / 3600) << 40) | (uint64_t)article_id;

    enum views_result result = VIEW_COUNTED;
    pthread_mutex_lock(&lock);
    int64_t *first = u64map_get(&seen, h);
    if (first && now - *first < VIEWS_REPEAT_WINDOW) {
        result = VIEW_REPEAT;
        stats.repeats++;
    } else {
        /* At the cap, views still count but are no longer remembered (memory stays bounded;
         * the cap is far above the readers a single node sees in 30 minutes). */
        if (first)
            *first = now;
        else if (seen.len < VIEWS_MAX_CLIENTS)
            *u64map_put(&seen, h) = now;
        (*u64map_put(&pending, key))++;
        stats.counted++;
        stats.pending++;
    }
    pthread_mutex_unlock(&lock);
    return result;
}

/* Drops the clients whose window has passed (u64map has no delete: rebuild). */
static void forget_old_clients(time_t now)
{
    struct u64map fresh = U64MAP_INIT;
    for (size_t i = 0; i < seen.cap; i++)
        if (seen.slots[i].key && now - seen.slots[i].value < VIEWS_REPEAT_WINDOW)
            *u64map_put(&fresh, seen.slots[i].key) = seen.slots[i].value;
    u64map_free(&seen);
    seen = fresh;
}

int views_flush(struct db *db, time_t now)
{
    pthread_mutex_lock(&lock);
    struct u64map batch = pending;
    pending = (struct u64map)U64MAP_INIT;
    forget_old_clients(now);
    pthread_mutex_unlock(&lock);
    if (batch.len == 0) {
        u64map_free(&batch);
        return 0;
    }

    struct view_count *counts = xmalloc(batch.len * sizeof *counts);
    size_t n = 0;
    int64_t total = 0;
    for (size_t i = 0; i < batch.cap; i++) {
        if (!batch.slots[i].key)
            continue;
        counts[n].article_id = (int64_t)(batch.slots[i].key & ((1ull << 40) - 1));
        counts[n].hour = (int64_t)(batch.slots[i].key >> 40);
        counts[n].views = batch.slots[i].value;
        total += counts[n].views;
        n++;
    }
    int rc = db ? store_views_add(db, counts, n, now) : DB_ERROR;
    free(counts);

    pthread_mutex_lock(&lock);
    if (rc == DB_OK) {
        stats.flushed += (uint64_t)total;
        stats.pending -= (uint64_t)total;
    } else {
        /* Put the batch back for the next flush. */
        for (size_t i = 0; i < batch.cap; i++)
            if (batch.slots[i].key)
                *u64map_put(&pending, batch.slots[i].key) += batch.slots[i].value;
    }
    pthread_mutex_unlock(&lock);
    u64map_free(&batch);
    if (rc != DB_OK) {
        log_warn("views: flush of %zu counts failed; kept for the next flush", n);
        return -1;
    }
    return (int)n;
}

void views_stats(struct views_stats *out)
{
    pthread_mutex_lock(&lock);
    *out = stats;
    pthread_mutex_unlock(&lock);
}

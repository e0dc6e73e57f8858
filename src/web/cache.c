/*
 * cache.c: the page cache (see cache.h).
 *
 * Entries sit in a hash table of chains (by the key's XXH3) and on one least-recently-used
 * list, under one mutex held only for lookups and list changes, never while rendering or
 * compressing. The libmicrohttpd response of each coding is made once and queued for every
 * reader, so a hit copies nothing: the response points into the entry, and libmicrohttpd
 * counts its own references to it.
 *
 * An entry is freed when nothing refers to it any more: the table (until it is evicted or
 * replaced), each request answering from it (until the request completes) and each of its
 * responses (until libmicrohttpd has finished sending it everywhere; the response's free
 * callback drops that reference). So an entry evicted while readers are still receiving it
 * stays whole until the last byte is sent.
 *
 * A request that misses registers a fill for its key; requests for the same key that come
 * meanwhile wait on a condition variable until the fill is stored or given up.
 */
#include "web/cache.h"
#include "base/log.h"
#include "base/mem.h"
#include "store/store.h"
#include "web/auth.h"
#include "web/encode.h"
#include "web/route.h"
#include "web/server.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <xxhash.h>

enum {
    BUCKETS = 1 << 16,
    ROUTE_SLOTS = 256,  /* public routes whose query arguments are learnt */
    QUERY_NAMES = 32,   /* distinct query argument names handlers read, site-wide */
    FILL_WAIT_SECS = 2, /* how long a request waits for another's render of its key */
    /* How long the content generation read from the database is trusted, when this process
     * has not written: a write by another process or node shows within this. */
    GENERATION_MS = 100,
    /* What a libmicrohttpd response with its headers takes, about (counted in the budget). */
    RESPONSE_BYTES = 1024,
};

struct entry {
    struct entry *chain;         /* next in the bucket */
    struct entry *newer, *older; /* the LRU list */
    uint64_t hash;               /* of the key */
    char *key;                   /* not NUL-terminated: key_len bytes */
    size_t key_len;
    int64_t generation;            /* the content generation it was rendered under */
    uint64_t epoch;                /* cache_stale_all()'s count then */
    time_t created, last_modified; /* last_modified: when these bytes were first rendered */
    uint64_t body_hash;            /* of the body, for its ETags */
    char *content_type;
    struct req_header *headers;         /* the handler's, as malloc'd copies */
    bool cors;                          /* the route is ROUTE_CORS */
    char *csp;                          /* the Content-Security-Policy it was rendered with */
    bool worth;                         /* the body is worth compressing */
    int64_t view_article;               /* a hit counts a view of this article (0: none) */
    struct buf body[CODINGS];           /* body[CODING_IDENTITY] always; the others once made */
    bool made[CODINGS];                 /* body[c] is there (set under the lock) */
    struct MHD_Response *resp[CODINGS]; /* made once, queued for every reader; the table's */
    size_t bytes;                       /* counted against the budget */
    bool in_table;
    atomic_int refs;
};

/* A render in progress of one key, for requests of that key to wait for. */
struct fill {
    struct fill *next;
    uint64_t hash;
    char *key;
    size_t key_len;
};

/* What the cache knows of one request (in its arena). */
struct cache_req {
    struct entry *entry; /* answer from this entry */
    struct fill *fill;   /* this request renders the key: cache_store() keeps it */
    int64_t generation;  /* read before the handler ran */
    uint64_t epoch;
    struct route_slot *slot;
    uint32_t mask;  /* the query arguments in the key as looked up */
    bool rekey;     /* the handler read an argument not in mask */
    bool unkeyable; /* it read one that could not be given a bit */
};

/* The query arguments a public route's handler has been seen to read, as bits of names[]. */
struct route_slot {
    const struct route *route;
    atomic_uint mask;
};

static struct cache_config cfg;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t filled = PTHREAD_COND_INITIALIZER;
static struct entry **buckets;
static struct entry *newest, *oldest;
static struct fill *fills;
static size_t bytes, entries;
static atomic_uint_fast64_t epoch;
static struct route_slot slots[ROUTE_SLOTS];
static const char *names[QUERY_NAMES];
static atomic_int nnames;
/* The content generation as last read, when, and this process's writes then (current()). */
static atomic_int_fast64_t generation = -1, read_at, write_at;
static atomic_uint_fast64_t writes_seen;
static atomic_uint_fast64_t n_hits, n_misses, n_stale, n_bypassed, n_waited, n_stored, n_evicted;

void cache_configure(const struct cache_config *c)
{
    cfg = *c;
    if (cfg.budget && !buckets)
        buckets = xcalloc(BUCKETS, sizeof *buckets);
}

void cache_stale_all(void)
{
    atomic_fetch_add(&epoch, 1);
}

static void entry_unref(void *p)
{
    struct entry *e = p;
    if (atomic_fetch_sub(&e->refs, 1) != 1)
        return;
    for (int c = 0; c < CODINGS; c++)
        buf_free(&e->body[c]);
    for (struct req_header *h = e->headers, *next; h; h = next) {
        next = h->next;
        free((void *)h->name);
        free((void *)h->value);
        free(h);
    }
    free(e->content_type);
    free(e->csp);
    free(e->key);
    free(e);
}

/* libmicrohttpd is done with a response of the entry. */
static void response_done(void *p)
{
    entry_unref(p);
}

/* The slot of a public route, made on first use; NULL when the table is full. */
static struct route_slot *route_slot(const struct route *rt)
{
    size_t start = ((uintptr_t)rt >> 4) % ROUTE_SLOTS;
    for (size_t i = 0; i < ROUTE_SLOTS; i++) {
        struct route_slot *s = &slots[(start + i) % ROUTE_SLOTS];
        const struct route *seen = __atomic_load_n(&s->route, __ATOMIC_ACQUIRE);
        if (seen == rt)
            return s;
        if (!seen) {
            pthread_mutex_lock(&lock);
            if (!s->route)
                __atomic_store_n(&s->route, rt, __ATOMIC_RELEASE);
            bool mine = s->route == rt;
            pthread_mutex_unlock(&lock);
            if (mine)
                return s;
        }
    }
    return NULL;
}

/* The bit of a query argument's name, given one on first use; -1 when all are taken. */
static int name_bit(const char *name)
{
    int n = atomic_load(&nnames);
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return i;
    pthread_mutex_lock(&lock);
    int bit = -1;
    n = atomic_load(&nnames);
    for (int i = 0; i < n && bit < 0; i++)
        if (strcmp(names[i], name) == 0)
            bit = i;
    if (bit < 0 && n < QUERY_NAMES) {
        names[n] = xstrdup(name);
        atomic_store(&nnames, n + 1); /* names[n] is written before the count says so */
        bit = n;
    }
    pthread_mutex_unlock(&lock);
    return bit;
}

/* req_query()'s hook while a cacheable answer is rendered: the key must hold this argument. */
static void note_query(struct req *r, const char *name)
{
    struct cache_req *cr = r->cache;
    int bit = name_bit(name);
    if (bit < 0) {
        cr->unkeyable = true;
        return;
    }
    if (cr->mask & (1u << bit))
        return;
    atomic_fetch_or(&cr->slot->mask, 1u << bit);
    cr->rekey = true;
}

/* The key of r with the query arguments of mask: [host "\n"] path "\n", then for each argument
 * present "bit:length:value\n" (lengths make it unambiguous whatever the values hold). */
static char *make_key(struct req *r, uint32_t mask, size_t *len)
{
    struct buf k = BUF_INIT;
    if (cfg.key_host) {
        const char *host = req_header(r, "Host");
        buf_puts(&k, req_plain_host(host) ? host : "");
        buf_putc(&k, '\n');
    }
    buf_puts(&k, r->path);
    buf_putc(&k, '\n');
    int n = atomic_load(&nnames);
    for (int bit = 0; bit < n; bit++) {
        if (!(mask & (1u << bit)))
            continue;
        const char *v = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, names[bit]);
        if (v)
            buf_printf(&k, "%d:%zu:%s\n", bit, strlen(v), v);
    }
    char *key = arena_strndup(&r->arena, k.p, k.len);
    *len = k.len;
    buf_free(&k);
    return key;
}

static struct entry *find(uint64_t hash, const char *key, size_t len)
{
    for (struct entry *e = buckets[hash % BUCKETS]; e; e = e->chain)
        if (e->hash == hash && e->key_len == len && memcmp(e->key, key, len) == 0)
            return e;
    return NULL;
}

static struct fill *find_fill(uint64_t hash, const char *key, size_t len)
{
    for (struct fill *f = fills; f; f = f->next)
        if (f->hash == hash && f->key_len == len && memcmp(f->key, key, len) == 0)
            return f;
    return NULL;
}

static void lru_unlink(struct entry *e)
{
    if (e->newer)
        e->newer->older = e->older;
    else
        newest = e->older;
    if (e->older)
        e->older->newer = e->newer;
    else
        oldest = e->newer;
    e->newer = e->older = NULL;
}

static void lru_push(struct entry *e)
{
    e->older = newest;
    e->newer = NULL;
    if (newest)
        newest->newer = e;
    newest = e;
    if (!oldest)
        oldest = e;
}

/* Takes e out of the table (under the lock). Its responses are let go; readers still
 * receiving one keep the entry alive until they are done. */
static void drop(struct entry *e)
{
    struct entry **p = &buckets[e->hash % BUCKETS];
    while (*p != e)
        p = &(*p)->chain;
    *p = e->chain;
    lru_unlink(e);
    e->in_table = false;
    bytes -= e->bytes;
    entries--;
    for (int c = 0; c < CODINGS; c++) {
        if (e->resp[c])
            MHD_destroy_response(e->resp[c]);
        e->resp[c] = NULL;
    }
    entry_unref(e);
}

/* Drops the least recently used entries (but keep) until the budget holds (under the lock). */
static void evict(const struct entry *keep)
{
    while (bytes > cfg.budget && oldest) {
        struct entry *victim = oldest != keep ? oldest : oldest->newer;
        if (!victim)
            break;
        drop(victim);
        atomic_fetch_add(&n_evicted, 1);
    }
}

static bool fresh(const struct entry *e, const struct cache_req *cr, time_t now)
{
    return e->generation == cr->generation && e->epoch == cr->epoch &&
           now - e->created < cfg.max_age;
}

/* Ends r's fill, if it still has one, and wakes the waiting requests (under the lock). */
static void end_fill(struct cache_req *cr)
{
    struct fill *f = cr->fill;
    if (!f)
        return;
    cr->fill = NULL;
    for (struct fill **p = &fills; *p; p = &(*p)->next)
        if (*p == f) {
            *p = f->next;
            break;
        }
    free(f->key);
    free(f);
    pthread_cond_broadcast(&filled);
}

/* When a request that was to render its key ends without storing it (it failed, or never got
 * to respond), the waiting requests must not wait in vain. */
static void abandon_fill(void *p)
{
    struct cache_req *cr = p;
    if (!cr->fill)
        return;
    pthread_mutex_lock(&lock);
    end_fill(cr);
    pthread_mutex_unlock(&lock);
}

static int64_t now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/*
 * The current content generation. Reading it costs a database read transaction (with SQLite,
 * file locks: measured at a quarter of a hit's CPU), so it is read again only when GENERATION_MS
 * have passed, or while this process has just begun a write that moves it (for GENERATION_MS
 * after the write began: its commit lands within that), so that this process's own changes show
 * at the very next request and another's within GENERATION_MS. -1 on a database error.
 */
static int64_t current(struct db *db)
{
    int64_t now = now_ms();
    uint64_t writes = store_changes_here();
    if (writes != atomic_load(&writes_seen)) {
        atomic_store(&writes_seen, writes);
        atomic_store(&write_at, now);
    }
    int64_t g = atomic_load(&generation);
    if (g >= 0 && now - atomic_load(&read_at) < GENERATION_MS &&
        now - atomic_load(&write_at) >= GENERATION_MS)
        return g;
    if (store_generation(db, &g) != DB_OK)
        return -1;
    atomic_store(&generation, g);
    atomic_store(&read_at, now);
    return g;
}

static bool get_or_head(const struct req *r)
{
    return strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0;
}

bool cache_lookup(struct req *r)
{
    if (!cfg.budget || !r->route || !(r->route->flags & ROUTE_PUBLIC) || !get_or_head(r))
        return false;
    if (auth_has_cookie(r)) {
        atomic_fetch_add(&n_bypassed, 1);
        return false;
    }
    int64_t g = current(r->db);
    struct route_slot *slot = g >= 0 ? route_slot(r->route) : NULL;
    if (!slot)
        return false; /* no generation to check against: render, keep nothing */
    struct cache_req *cr = arena_alloc(&r->arena, sizeof *cr);
    cr->generation = g;
    cr->epoch = atomic_load(&epoch);
    cr->slot = slot;
    cr->mask = atomic_load(&slot->mask);
    size_t len;
    char *key = make_key(r, cr->mask, &len);
    uint64_t hash = XXH3_64bits(key, len);
    r->cache = cr;
    r->on_query = note_query;

    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += FILL_WAIT_SECS;
    bool waited = false;
    pthread_mutex_lock(&lock);
    struct entry *e;
    for (;;) {
        e = find(hash, key, len);
        if (e && fresh(e, cr, r->now)) {
            lru_unlink(e);
            lru_push(e);
            atomic_fetch_add(&e->refs, 1);
            pthread_mutex_unlock(&lock);
            cr->entry = e;
            arena_defer(&r->arena, entry_unref, e);
            r->view_article = e->view_article;
            r->content_type = e->content_type;
            atomic_fetch_add(&n_hits, 1);
            return true;
        }
        if (!find_fill(hash, key, len))
            break;
        if (!waited)
            atomic_fetch_add(&n_waited, 1);
        waited = true;
        if (pthread_cond_timedwait(&filled, &lock, &deadline) == ETIMEDOUT) {
            /* The render takes too long: render this one too, and keep neither. */
            pthread_mutex_unlock(&lock);
            r->cache = NULL;
            r->on_query = NULL;
            return false;
        }
    }
    atomic_fetch_add(e ? &n_stale : &n_misses, 1);
    struct fill *f = xcalloc(1, sizeof *f);
    f->hash = hash;
    f->key = xstrndup(key, len);
    f->key_len = len;
    f->next = fills;
    fills = f;
    cr->fill = f;
    pthread_mutex_unlock(&lock);
    arena_defer(&r->arena, abandon_fill, cr);
    return false;
}

static struct req_header *copy_headers(const struct req_header *h, size_t *size)
{
    struct req_header *out = NULL, **tail = &out;
    for (; h; h = h->next) {
        if (strcasecmp(h->name, "ETag") == 0)
            continue; /* the cache gives each coding its own (add_headers()) */
        struct req_header *c = xcalloc(1, sizeof *c);
        c->name = xstrdup(h->name);
        c->value = xstrdup(h->value);
        *size += sizeof *c + strlen(h->name) + strlen(h->value) + 2;
        *tail = c;
        tail = &c->next;
    }
    return out;
}

void cache_store(struct req *r)
{
    struct cache_req *cr = r->cache;
    if (!cr || !cr->fill)
        return;
    struct fill *f = cr->fill;
    /* A large answer (a big sitemap) may take an eighth of the budget at most. */
    bool keep =
        r->status == 200 && !r->error_code && !cr->unkeyable && r->out.len <= cfg.budget / 8;
    if (!keep) {
        pthread_mutex_lock(&lock);
        /* A stale entry of this key (a page taken down, now 404) goes now. */
        struct entry *old = find(f->hash, f->key, f->key_len);
        if (old && !fresh(old, cr, r->now))
            drop(old);
        end_fill(cr);
        pthread_mutex_unlock(&lock);
        return;
    }
    struct entry *e = xcalloc(1, sizeof *e);
    if (cr->rekey) {
        char *key = make_key(r, atomic_load(&cr->slot->mask), &e->key_len);
        e->key = xstrndup(key, e->key_len);
    } else {
        e->key = xstrndup(f->key, f->key_len);
        e->key_len = f->key_len;
    }
    e->hash = XXH3_64bits(e->key, e->key_len);
    e->generation = cr->generation;
    e->epoch = cr->epoch;
    e->created = r->now;
    e->content_type = xstrdup(r->content_type ? r->content_type : "text/html; charset=utf-8");
    buf_fit(&r->out); /* the memory counted is the memory held */
    e->bytes = sizeof *e + e->key_len + strlen(e->content_type) + r->out.cap;
    e->headers = copy_headers(r->headers, &e->bytes);
    e->cors = r->route->flags & ROUTE_CORS;
    e->csp = xstrdup(server_csp(r));
    e->worth = r->out.len >= ENCODE_MIN_BYTES && compress_worth(e->content_type);
    e->view_article = r->view_article;
    e->body[CODING_IDENTITY] = r->out; /* the bytes move into the entry */
    memset(&r->out, 0, sizeof r->out);
    e->made[CODING_IDENTITY] = true;
    e->body_hash = encode_hash(e->body[CODING_IDENTITY].p, e->body[CODING_IDENTITY].len);
    atomic_init(&e->refs, 2); /* the table's and this request's */

    pthread_mutex_lock(&lock);
    struct entry *old = find(e->hash, e->key, e->key_len);
    e->last_modified = r->now;
    if (old) {
        /* The same bytes keep their date; new bytes get a later one, even within a second, so
         * If-Modified-Since never takes a changed page for the one it had. */
        if (old->body_hash == e->body_hash)
            e->last_modified = old->last_modified;
        else if (old->last_modified >= e->last_modified)
            e->last_modified = old->last_modified + 1;
        drop(old);
    }
    struct entry **bucket = &buckets[e->hash % BUCKETS];
    e->chain = *bucket;
    *bucket = e;
    lru_push(e);
    e->in_table = true;
    bytes += e->bytes;
    entries++;
    evict(e);
    end_fill(cr);
    pthread_mutex_unlock(&lock);
    atomic_fetch_add(&n_stored, 1);
    cr->entry = e;
    arena_defer(&r->arena, entry_unref, e);
}

bool cache_has_entry(const struct req *r)
{
    return r->cache && r->cache->entry;
}

/* The headers of an answer from e in coding c (a 304 gets all but the body's own). */
static void add_headers(struct MHD_Response *resp, const struct entry *e, enum coding c,
                        bool not_modified)
{
    char tag[ENCODE_ETAG_SIZE], date[ENCODE_DATE_SIZE];
    encode_etag(tag, e->body_hash, c);
    encode_http_date(date, e->last_modified);
    if (!not_modified)
        MHD_add_response_header(resp, "Content-Type", e->content_type);
    if (c != CODING_IDENTITY && !not_modified)
        MHD_add_response_header(resp, "Content-Encoding", coding_name(c));
    if (e->worth)
        MHD_add_response_header(resp, "Vary", "Accept-Encoding");
    MHD_add_response_header(resp, "ETag", tag);
    MHD_add_response_header(resp, "Last-Modified", date);
    for (const struct req_header *h = e->headers; h; h = h->next)
        MHD_add_response_header(resp, h->name, h->value);
    server_common_headers(resp, e->cors, e->csp);
}

/* Makes e's body in coding c if no reader took it before; false when it cannot be made. */
static bool make_body(struct entry *e, enum coding c)
{
    pthread_mutex_lock(&lock);
    bool made = e->made[c];
    pthread_mutex_unlock(&lock);
    if (made)
        return true;
    /* Compressed outside the lock: e stays alive by the request's reference, and its identity
     * body never changes. Two readers may both compress; the first to finish keeps its copy. */
    struct buf z = BUF_INIT;
    const struct buf *plain = &e->body[CODING_IDENTITY];
    if (compress_body(&z, c, CODING_FAST, plain->p, plain->len) != 0) {
        buf_free(&z);
        return false;
    }
    buf_fit(&z); /* a compressor's output buffer has room for the worst case */
    pthread_mutex_lock(&lock);
    if (!e->made[c]) {
        e->body[c] = z;
        e->made[c] = true;
        e->bytes += z.cap;
        if (e->in_table) {
            bytes += z.cap;
            evict(e);
        }
    } else {
        buf_free(&z);
    }
    pthread_mutex_unlock(&lock);
    return true;
}

enum MHD_Result cache_respond(struct req *r)
{
    struct entry *e = r->cache->entry;
    enum coding c = e->worth ? encode_choose(req_header(r, "Accept-Encoding")) : CODING_IDENTITY;
    bool head = strcmp(r->method, "HEAD") == 0;
    if (encode_not_modified(r, e->body_hash, e->last_modified)) {
        struct MHD_Response *resp =
            MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
        if (!resp)
            return MHD_NO;
        add_headers(resp, e, c, true);
        r->status = 304;
        r->bytes_sent = 0;
        enum MHD_Result ret = MHD_queue_response(r->conn, 304, resp);
        MHD_destroy_response(resp);
        return ret;
    }
    if (c != CODING_IDENTITY && !make_body(e, c))
        c = CODING_IDENTITY;
    r->status = 200;
    r->bytes_sent = head ? 0 : e->body[c].len;
    pthread_mutex_lock(&lock);
    struct MHD_Response *resp = e->resp[c];
    if (resp) {
        enum MHD_Result ret = MHD_queue_response(r->conn, 200, resp);
        pthread_mutex_unlock(&lock);
        return ret;
    }
    pthread_mutex_unlock(&lock);
    /* The first reader of this coding makes the response every later one is sent. */
    resp = MHD_create_response_from_buffer_with_free_callback_cls(e->body[c].len, e->body[c].p,
                                                                  response_done, e);
    if (!resp)
        return MHD_NO;
    atomic_fetch_add(&e->refs, 1); /* the response's, dropped by response_done() */
    add_headers(resp, e, c, false);
    pthread_mutex_lock(&lock);
    bool kept = false;
    if (e->in_table && !e->resp[c]) {
        e->resp[c] = resp;
        kept = true;
        e->bytes += RESPONSE_BYTES;
        bytes += RESPONSE_BYTES;
        evict(e);
    } else if (e->resp[c]) {
        MHD_destroy_response(resp); /* another reader was quicker: send theirs */
        resp = e->resp[c];
        kept = true;
    }
    enum MHD_Result ret = MHD_queue_response(r->conn, 200, resp);
    pthread_mutex_unlock(&lock);
    if (!kept)
        MHD_destroy_response(resp); /* e left the table: this answer's alone */
    return ret;
}

void cache_stats(struct cache_stats *out)
{
    out->hits = atomic_load(&n_hits);
    out->misses = atomic_load(&n_misses);
    out->stale = atomic_load(&n_stale);
    out->bypassed = atomic_load(&n_bypassed);
    out->waited = atomic_load(&n_waited);
    out->stored = atomic_load(&n_stored);
    out->evicted = atomic_load(&n_evicted);
    pthread_mutex_lock(&lock);
    out->bytes = bytes;
    out->entries = entries;
    pthread_mutex_unlock(&lock);
    out->budget = cfg.budget;
}

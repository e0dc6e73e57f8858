/* guard.c: per-address caps and deadlines for connections (see guard.h). */
#include "web/guard.h"
#include "base/log.h"
#include "base/mem.h"
#include "base/u64map.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

struct guard_conn {
    struct guard_conn *prev, *next; /* the list of open connections, under lock */
    int fd;
    uint64_t key;             /* the client's address key (address_key()) */
    _Atomic int64_t deadline; /* monotonic ms by which what is awaited must be in; 0: none */
    int64_t body_from;        /* when the head was complete (the connection's worker only) */
    size_t body_bytes;        /* body received so far (likewise) */
    bool shut;                /* the sweep has shut it down (under lock) */
};

static struct guard_limits limits;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct guard_conn *conns;  /* under lock */
static struct u64map per_address; /* address key -> open connections, under lock */
static size_t addresses_in_use;   /* keys of per_address with a nonzero count, under lock */
static uint64_t exempt_key;       /* 0: nobody is exempt */
static atomic_uint open_now;
static atomic_ulong refused, expired;

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* One key per client: an IPv4 address (also written as IPv4-mapped IPv6), or an IPv6 /64,
 * which one host usually has whole. Never 0 (u64map's empty key). */
static uint64_t address_key(const struct sockaddr *sa)
{
    static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    unsigned char family;
    const void *bytes;
    size_t n;
    if (sa && sa->sa_family == AF_INET) {
        family = 4;
        bytes = &((const struct sockaddr_in *)sa)->sin_addr;
        n = 4;
    } else if (sa && sa->sa_family == AF_INET6) {
        const unsigned char *a = ((const struct sockaddr_in6 *)sa)->sin6_addr.s6_addr;
        bool v4 = memcmp(a, mapped, sizeof mapped) == 0;
        family = v4 ? 4 : 6;
        bytes = v4 ? a + 12 : a;
        n = v4 ? 4 : 8;
    } else {
        return 1;
    }
    uint64_t h = u64_hash(u64_hash(U64_HASH_SEED, &family, 1), bytes, n);
    return h ? h : 1;
}

static uint64_t text_key(const char *text)
{
    struct sockaddr_in v4 = {.sin_family = AF_INET};
    struct sockaddr_in6 v6 = {.sin6_family = AF_INET6};
    if (inet_pton(AF_INET, text, &v4.sin_addr) == 1)
        return address_key((struct sockaddr *)&v4);
    if (inet_pton(AF_INET6, text, &v6.sin6_addr) == 1)
        return address_key((struct sockaddr *)&v6);
    return 0;
}

/* Descriptors the process needs besides its connections: the database's files per thread,
 * polling and wake-up descriptors, logs. */
enum { GUARD_SPARE_FILES = 128 };

unsigned guard_init(const struct guard_limits *l)
{
    limits = *l;
    exempt_key = l->exempt ? text_key(l->exempt) : 0;
    unsigned max = l->max_connections;
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return max;
    rlim_t want = (rlim_t)max + GUARD_SPARE_FILES;
    if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want) {
        rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > want ? want : rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
        getrlimit(RLIMIT_NOFILE, &rl);
    }
    if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want) {
        unsigned fit = rl.rlim_cur > GUARD_SPARE_FILES * 2
                           ? (unsigned)rl.rlim_cur - GUARD_SPARE_FILES
                           : GUARD_SPARE_FILES;
        log_warn("only %llu open files allowed (ulimit -n): serving %u connections, not %u",
                 (unsigned long long)rl.rlim_cur, fit, max);
        max = fit;
    }
    return max;
}

bool guard_admit(const struct sockaddr *sa)
{
    uint64_t key = address_key(sa);
    if (exempt_key && key == exempt_key)
        return true;
    pthread_mutex_lock(&lock);
    int64_t *n = u64map_get(&per_address, key);
    int64_t held = n ? *n : 0;
    bool busy = atomic_load(&open_now) >= limits.busy_at;
    bool ok = held < (int64_t)(busy ? limits.per_client_busy : limits.per_client);
    pthread_mutex_unlock(&lock);
    if (!ok)
        atomic_fetch_add(&refused, 1);
    return ok;
}

struct guard_conn *guard_open(int fd, const struct sockaddr *sa)
{
    struct guard_conn *c = xcalloc(1, sizeof *c);
    c->fd = fd;
    c->key = address_key(sa);
    atomic_store(&c->deadline, now_ms() + (int64_t)limits.head_timeout * 1000);
    pthread_mutex_lock(&lock);
    int64_t *n = u64map_put(&per_address, c->key);
    if ((*n)++ == 0)
        addresses_in_use++;
    c->next = conns;
    if (conns)
        conns->prev = c;
    conns = c;
    pthread_mutex_unlock(&lock);
    atomic_fetch_add(&open_now, 1);
    return c;
}

/* u64map keeps keys whose count fell to 0: rebuilt from the live ones once they are few, so a
 * long run of distinct addresses does not grow it for ever. Under lock. */
static void compact(void)
{
    if (per_address.len < 1024 || per_address.len < addresses_in_use * 4)
        return;
    struct u64map live = U64MAP_INIT;
    for (size_t i = 0; i < per_address.cap; i++)
        if (per_address.slots[i].key && per_address.slots[i].value > 0)
            *u64map_put(&live, per_address.slots[i].key) = per_address.slots[i].value;
    u64map_free(&per_address);
    per_address = live;
}

void guard_close(struct guard_conn *c)
{
    if (!c)
        return;
    pthread_mutex_lock(&lock);
    int64_t *n = u64map_get(&per_address, c->key);
    if (n && *n > 0 && --*n == 0)
        addresses_in_use--;
    if (c->prev)
        c->prev->next = c->next;
    else
        conns = c->next;
    if (c->next)
        c->next->prev = c->prev;
    compact();
    pthread_mutex_unlock(&lock);
    atomic_fetch_sub(&open_now, 1);
    free(c);
}

void guard_head_done(struct guard_conn *c)
{
    if (!c)
        return;
    c->body_from = now_ms();
    c->body_bytes = 0;
    atomic_store(&c->deadline, c->body_from + (int64_t)limits.head_timeout * 1000);
}

void guard_body(struct guard_conn *c, size_t n)
{
    if (!c)
        return;
    c->body_bytes += n;
    int64_t allowed = (int64_t)limits.head_timeout * 1000;
    if (limits.body_min_rate)
        allowed += (int64_t)(c->body_bytes * 1000 / limits.body_min_rate);
    atomic_store(&c->deadline, c->body_from + allowed);
}

void guard_responding(struct guard_conn *c)
{
    if (c)
        atomic_store(&c->deadline, 0);
}

void guard_idle(struct guard_conn *c)
{
    if (!c)
        return;
    bool busy = atomic_load(&open_now) >= limits.busy_at;
    unsigned wait = busy ? limits.keep_alive_busy : limits.head_timeout;
    atomic_store(&c->deadline, now_ms() + (int64_t)wait * 1000);
}

struct guard_stats guard_stats(void)
{
    return (struct guard_stats){atomic_load(&open_now), atomic_load(&refused),
                                atomic_load(&expired)};
}

void guard_sweep(time_t unused)
{
    (void)unused;
    int64_t now = now_ms();
    unsigned n = 0;
    pthread_mutex_lock(&lock);
    for (struct guard_conn *c = conns; c; c = c->next) {
        int64_t deadline = atomic_load(&c->deadline);
        if (deadline && now > deadline && !c->shut) {
            /* Not close(): the descriptor stays libmicrohttpd's, which now reads the end of
             * the stream and closes the connection itself. */
            shutdown(c->fd, SHUT_RDWR);
            c->shut = true;
            n++;
        }
    }
    pthread_mutex_unlock(&lock);
    if (n) {
        atomic_fetch_add(&expired, n);
        log_info("closed %u connection%s past the deadline for a request", n, n == 1 ? "" : "s");
    }
}

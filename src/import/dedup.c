/* dedup.c: MinHash signatures and their band index (see dedup.h). */
#include "import/dedup.h"
#include "base/buf.h"
#include "base/mem.h"
#include "base/u64map.h"
#include "text/normalize.h"
#include "text/tokenize.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

enum { SHINGLE = DEDUP_SHINGLE, ROWS = DEDUP_HASHES / DEDUP_BANDS, MAX_CHAIN = 256 };

/* splitmix64: the hash functions' multipliers and the mixing of a shingle's hash. */
static uint64_t mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

/* Odd multipliers of the hash functions: h_i(x) = the top 32 bits of mult_i * x. */
static uint64_t mult[DEDUP_HASHES];
static pthread_once_t mult_once = PTHREAD_ONCE_INIT;

static void mult_init(void)
{
    for (int i = 0; i < DEDUP_HASHES; i++)
        mult[i] = mix((uint64_t)i + 1) | 1;
}

void dedup_start(struct dedup_shingler *sh, struct dedup_sig *out)
{
    pthread_once(&mult_once, mult_init);
    memset(sh, 0, sizeof *sh);
    sh->sig = out;
    for (int i = 0; i < DEDUP_HASHES; i++)
        out->h[i] = UINT32_MAX;
}

void dedup_word(struct dedup_shingler *sh, const char *norm, size_t n)
{
    if (n == 0)
        return;
    memmove(sh->words, sh->words + 1, (SHINGLE - 1) * sizeof *sh->words);
    sh->words[SHINGLE - 1] = u64_hash(U64_HASH_SEED, norm, n);
    if (++sh->seen < SHINGLE)
        return;
    uint64_t x = mix(u64_hash(U64_HASH_SEED, sh->words, sizeof sh->words));
    for (int i = 0; i < DEDUP_HASHES; i++) {
        uint32_t h = (uint32_t)((mult[i] * x) >> 32);
        if (h < sh->sig->h[i])
            sh->sig->h[i] = h;
    }
}

bool dedup_finish(struct dedup_shingler *sh)
{
    return sh->seen >= DEDUP_MIN_WORDS;
}

struct split {
    struct dedup_shingler sh;
    struct buf norm;
};

static int on_word(void *ctx, const char *s, size_t start, size_t len)
{
    struct split *sp = ctx;
    buf_reset(&sp->norm);
    ar_normalize(&sp->norm, s + start, len);
    dedup_word(&sp->sh, sp->norm.p, sp->norm.len);
    return 0;
}

bool dedup_signature(const char *text, size_t n, struct dedup_sig *out)
{
    struct split sp = {.norm = BUF_INIT};
    dedup_start(&sp.sh, out);
    words_each(text, n, on_word, &sp);
    buf_free(&sp.norm);
    return dedup_finish(&sp.sh);
}

double dedup_similarity(const struct dedup_sig *a, const struct dedup_sig *b)
{
    int same = 0;
    for (int i = 0; i < DEDUP_HASHES; i++)
        same += a->h[i] == b->h[i];
    return (double)same / DEDUP_HASHES;
}

/* Each band's rows (with the band's number) key a chain of the entries sharing them. */
struct dedup_index {
    struct u64map heads; /* band key -> index + 1 of the newest entry */
    struct entry {
        struct dedup_sig sig;
        int64_t id;
        size_t next[DEDUP_BANDS]; /* index + 1 of the next entry in each band's chain, or 0 */
    } * entries;
    size_t n, cap;
};

static uint64_t band_key(const struct dedup_sig *sig, int band)
{
    return u64_hash(mix((uint64_t)band), sig->h + band * ROWS, ROWS * sizeof *sig->h) | 1;
}

struct dedup_index *dedup_new(void)
{
    return xcalloc(1, sizeof(struct dedup_index));
}

void dedup_free(struct dedup_index *x)
{
    if (!x)
        return;
    u64map_free(&x->heads);
    free(x->entries);
    free(x);
}

void dedup_add(struct dedup_index *x, const struct dedup_sig *sig, int64_t id)
{
    if (x->n == x->cap) {
        x->cap = x->cap ? x->cap * 2 : 1024;
        x->entries = xrealloc(x->entries, x->cap * sizeof *x->entries);
    }
    struct entry *e = &x->entries[x->n++];
    e->sig = *sig;
    e->id = id;
    for (int b = 0; b < DEDUP_BANDS; b++) {
        int64_t *head = u64map_put(&x->heads, band_key(sig, b));
        e->next[b] = (size_t)*head;
        *head = (int64_t)x->n;
    }
}

int64_t dedup_find(const struct dedup_index *x, const struct dedup_sig *sig)
{
    int64_t best = 0;
    double top = DEDUP_SIMILARITY;
    for (int b = 0; b < DEDUP_BANDS; b++) {
        int64_t *head = u64map_get(&x->heads, band_key(sig, b));
        /* A chain is long only for texts sharing boilerplate: its newest entries are enough. */
        int walked = 0;
        for (size_t i = head ? (size_t)*head : 0; i && walked < MAX_CHAIN;
             i = x->entries[i - 1].next[b], walked++) {
            double s = dedup_similarity(&x->entries[i - 1].sig, sig);
            if (s >= top) {
                top = s;
                best = x->entries[i - 1].id;
            }
        }
    }
    return best;
}

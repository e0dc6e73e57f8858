/*
 * bench.h: what the search benchmarks share (search_speed.c, search_scale.c, search_quality.c):
 * a monotonic clock and the thread's CPU clock, a seeded random generator, nearest-rank percentiles, the words of a title a
 * reader would search for, and the words of a text as an FTS5 query for the stock tokenizer.
 * Header-only: each benchmark is one C file linked with the library.
 */
#ifndef SAHIFA_BENCH_H
#define SAHIFA_BENCH_H

#include "base/buf.h"
#include "base/utf8.h"
#include "text/normalize.h"
#include "text/stem.h"
#include "text/tokenize.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static inline double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The CPU time the calling thread has used, in seconds: what a search costs on a machine whose
 * other processes stretch the wall clock (it leaves out waiting for the disk, too). */
static inline double bench_cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* splitmix64 from a fixed seed, so every run asks the same queries of the same articles. */
static inline uint64_t bench_rng(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static inline int bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

struct bench_latency {
    double p50, p90, p99, max, mean; /* milliseconds */
};

/* Nearest-rank percentiles of n times in seconds, in milliseconds; sorts t. */
static inline struct bench_latency bench_percentiles(double *t, int n)
{
    struct bench_latency l = {0, 0, 0, 0, 0};
    if (n <= 0)
        return l;
    qsort(t, (size_t)n, sizeof *t, bench_cmp_double);
    double sum = 0;
    for (int i = 0; i < n; i++)
        sum += t[i];
    l.p50 = t[(n * 50 + 99) / 100 - 1] * 1e3;
    l.p90 = t[(n * 90 + 99) / 100 - 1] * 1e3;
    l.p99 = t[(n * 99 + 99) / 100 - 1] * 1e3;
    l.max = t[n - 1] * 1e3;
    l.mean = sum / n * 1e3;
    return l;
}

/* The words of a title a reader might search for: three letters or more, not a number, not a
 * stop word; as byte spans of the title as written. */
struct bench_words {
    struct {
        size_t start, len;
    } w[64];
    int n;
    struct buf norm;
};

static inline int bench_word(void *ctx, const char *s, size_t start, size_t len)
{
    struct bench_words *bw = ctx;
    buf_reset(&bw->norm);
    ar_normalize(&bw->norm, s + start, len);
    if (bw->n < 64 && utf8_length(bw->norm.p, bw->norm.len) >= 3 &&
        !(bw->norm.p[0] >= '0' && bw->norm.p[0] <= '9') &&
        !stem_is_stop_word(buf_str(&bw->norm), bw->norm.len)) {
        bw->w[bw->n].start = start;
        bw->w[bw->n++].len = len;
    }
    return 0;
}

/* Fills bw (bw->norm initialized by the caller) with the searchable words of title. */
static inline void bench_title_words(struct bench_words *bw, const char *title, size_t n)
{
    bw->n = 0;
    words_each(title, n, bench_word, bw);
}

/* Appends the words of text (as text/tokenize.c splits them) to out as FTS5 strings joined by
 * op (" AND ", " OR "): the stock way to ask FTS5 for them, for the references beside sahifa. */
struct bench_join {
    struct buf *out;
    const char *op;
};

static inline int bench_join_word(void *ctx, const char *s, size_t start, size_t len)
{
    struct bench_join *j = ctx;
    if (j->out->len)
        buf_puts(j->out, j->op);
    buf_putc(j->out, '"');
    for (size_t i = 0; i < len; i++) {
        if (s[start + i] == '"')
            buf_putc(j->out, '"');
        buf_putc(j->out, s[start + i]);
    }
    buf_putc(j->out, '"');
    return 0;
}

static inline void bench_fts_words(struct buf *out, const char *text, const char *op)
{
    struct bench_join j = {out, op};
    words_each(text, strlen(text), bench_join_word, &j);
}

#endif

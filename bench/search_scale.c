/*
 * search_scale: does the site search stay right, and fast, as the archive grows? Run on sahifa
 * databases that bench/search-scale builds (the news corpus imported, then 100,000 and
 * 1,000,000 articles made of it by repeating it with other ids and dates), each one:
 *
 *   sahifa     the site search's own path, query_parse() + store_search(): 10 results, most
 *              relevant first, with their marked titles and passages
 *   unicode61  an FTS5 table over the same articles in the same database, made on first use
 *              (bench_u61: title and body, unicode61 remove_diacritics 2), the query's words
 *              AND'ed, a count(*) and the best 10 by bm25(5, 1) with highlight() and snippet()
 *
 * The queries: 2 or 3 consecutive words (half each) of the title of an article of the corpus
 * picked at random (a fixed seed), the words a reader would type (three letters or more, no
 * number, no stop word); each asked as written, then as a variant spelling, every word in
 * one form a reader types: with و, with ب before ال, with ال, without ال, with harakat, with
 * another hamza form, or ه for ة (one of those that apply, at random).
 *
 * Copies of one article (the databases repeat the corpus) are one story: a result list is read
 * story by story, a copy of a story already listed counting for nothing, so that a repeated
 * corpus asks no more and no less of the ranking than the corpus itself. success@10: the
 * query's article is among the first 10 stories; MRR@10: the mean of 1/its place there.
 * Latency: per search (as written and variants), after 50 untimed ones; nearest-rank
 * percentiles. Databases are read, except for the unicode61 table made once in each.
 *
 * Usage: search_scale [--check] [--misses] [--cpu] [--queries N] [--body N] DB...
 *
 * --cpu times each search by the CPU time of the thread that runs it instead of the wall clock:
 * on a machine shared with other work, the wall clock measures the others' load as much as the
 * search (both searches are timed the same way, so the ratio holds either way).
 * --misses prints each query whose article is not among the first 10 stories. --body N times
 * N more queries, of 2 words from the first lines of bodies (latency only): their articles
 * mostly lack the words in their titles, so they take the search's second tier, where title
 * queries on a repeated corpus always find their story's copies in the first.
 *
 * With --check (run by `make test` on the imported corpus), only sahifa is measured, and the
 * exit status is 1 when success@10 falls below the search issue's targets: 99% as written and
 * 97% for the variants.
 */
#include "bench.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/u64map.h"
#include "store/db.h"
#include "store/store.h"
#include "text/query.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { WARMUP = 50, TOP = 10, PAGE = 100 };

static const double TARGET_WRITTEN = 0.99, TARGET_VARIANT = 0.97;

static bool cpu_clock; /* --cpu */

/* The clock searches are timed by (seconds). */
static double clock_now(void)
{
    return cpu_clock ? bench_cpu_now() : bench_now();
}

/* The articles of a database, by id: each one's story, and which are the corpus's own. */
struct archive {
    int32_t *story; /* by id; -1: not a published article */
    int64_t max_id, articles;
    int64_t *originals; /* ids of first copies */
    size_t noriginals;
    int stories, copies; /* distinct stories; most copies of one */
    size_t repeated;     /* first copies left out of the queries: their title is another's */
};

/* A copy's import key is its original's with "#copyN" after it. */
static size_t story_key_len(const char *key)
{
    const char *copy = strstr(key, "#copy");
    return copy ? (size_t)(copy - key) : strlen(key);
}

static bool archive_load(struct db *db, struct archive *a)
{
    memset(a, 0, sizeof *a);
    struct db_stmt q;
    if (db_prepare(db, &q, "SELECT max(id) FROM articles") != DB_OK)
        return false;
    if (db_one_int(&q, &a->max_id) != DB_OK)
        return false;
    a->story = malloc(((size_t)a->max_id + 1) * sizeof *a->story);
    a->originals = malloc(((size_t)a->max_id + 1) * sizeof *a->originals);
    if (!a->story || !a->originals)
        abort();
    for (int64_t i = 0; i <= a->max_id; i++)
        a->story[i] = -1;
    struct u64map stories = U64MAP_INIT;
    struct u64map copies = U64MAP_INIT;
    struct u64map titles = U64MAP_INIT;
    if (db_prepare(db, &q,
                   "SELECT id, coalesce(import_key, 'id:' || id), title FROM articles"
                   " WHERE status = 'published' AND title <> ''") != DB_OK)
        return false;
    while (db_step(&q) == DB_ROW) {
        int64_t id = db_col_int(&q, 0);
        const char *key = db_col_text(&q, 1), *title = db_col_text(&q, 2);
        size_t n = story_key_len(key);
        uint64_t h = u64_hash(U64_HASH_SEED, key, n) | 1;
        int64_t *s = u64map_put(&stories, h);
        if (*s == 0)
            *s = ++a->stories;
        a->story[id] = (int32_t)*s;
        int64_t *c = u64map_put(&copies, h);
        if (++*c > a->copies)
            a->copies = (int)*c;
        if (key[n] == 0) {
            a->originals[a->noriginals++] = id;
            ++*u64map_put(&titles, u64_hash(U64_HASH_SEED, title, strlen(title)) | 1);
        }
        a->articles++;
    }
    db_finalize(&q);
    /* A title that several stories share (a daily weather report) cannot single one out: such
     * articles are not asked for. */
    size_t kept = 0;
    for (size_t i = 0; i < a->noriginals; i++) {
        struct db_stmt t;
        if (db_prepare(db, &t, "SELECT title FROM articles WHERE id = :id") != DB_OK)
            return false;
        db_bind_int(&t, ":id", a->originals[i]);
        json_t *row = NULL;
        if (db_one_json(&t, &row) != DB_OK)
            return false;
        const char *title = json_string_value(json_object_get(row, "title"));
        if (*u64map_get(&titles, u64_hash(U64_HASH_SEED, title, strlen(title)) | 1) == 1)
            a->originals[kept++] = a->originals[i];
        json_decref(row);
    }
    a->repeated = a->noriginals - kept;
    a->noriginals = kept;
    u64map_free(&titles);
    u64map_free(&stories);
    u64map_free(&copies);
    return a->noriginals > 0;
}

static void archive_free(struct archive *a)
{
    free(a->story);
    free(a->originals);
}

/* Reading a result list story by story. */
struct ranking {
    int32_t target, seen[TOP];
    int nseen;
    int place; /* 1..TOP when found, 0 while undecided or not found */
    bool done;
};

/* Takes the next result; true once the list is decided (found, or TOP other stories). */
static bool ranking_add(struct ranking *r, int32_t story)
{
    if (r->done)
        return true;
    for (int i = 0; i < r->nseen; i++)
        if (r->seen[i] == story)
            return false;
    if (story == r->target) {
        r->place = r->nseen + 1;
        return r->done = true;
    }
    r->seen[r->nseen++] = story;
    return r->done = r->nseen == TOP;
}

/* Variant spellings. */

static bool starts_with(const char *w, const char *p)
{
    return strncmp(w, p, strlen(p)) == 0;
}

/* One form of a word as written that a reader might type instead, into out. */
static void variant_word(struct buf *out, const char *w, size_t n, uint64_t *rng)
{
    char word[512];
    if (n >= sizeof word)
        n = sizeof word - 1;
    memcpy(word, w, n);
    word[n] = 0;
    enum { WAW, BA, AL, NO_AL, HARAKAT, HAMZA, TAA };
    /* Only words of Arabic letters have these forms (not 64, بـ64 or Security). */
    struct buf norm = BUF_INIT;
    ar_normalize(&norm, word, n);
    bool arabic = norm.len > 0;
    for (size_t i = 0; i < norm.len; i += 2)
        arabic &= i + 1 < norm.len &&
                  ((unsigned char)norm.p[i] == 0xD8 || (unsigned char)norm.p[i] == 0xD9);
    /* A clitic with the article already (بالمخدرات, للاجئين) takes no other. */
    bool article = stem_article_length(buf_str(&norm), norm.len) > 0;
    buf_free(&norm);
    if (!arabic) {
        buf_append(out, word, n);
        return;
    }
    int choices[8], k = 0;
    bool al = starts_with(word, "ال") && utf8_length(word, n) >= 4;
    /* Where a hamza can be: a bare alef only at the start, or after ال (الاتفاق, الإتفاق). */
    const char *alef = starts_with(word, "ا") && !al                 ? word
                       : al && starts_with(word + strlen("ال"), "ا") ? word + strlen("ال")
                                                                     : NULL;
    bool hamza = strstr(word, "أ") || strstr(word, "إ") || strstr(word, "آ");
    choices[k++] = WAW;
    choices[k++] = HARAKAT;
    if (al) {
        choices[k++] = BA;
        choices[k++] = NO_AL;
    } else if (!article && !starts_with(word, "ي") && !starts_with(word, "ت") &&
               !starts_with(word, "ن")) {
        choices[k++] = AL; /* nor before a verb's present-tense prefix */
    }
    if (hamza || alef)
        choices[k++] = HAMZA;
    if (n >= 2 && strcmp(word + n - 2, "ة") == 0)
        choices[k++] = TAA;
    switch (choices[bench_rng(rng) % (uint64_t)k]) {
    case WAW: buf_printf(out, "و%s", word); break;
    case BA: buf_printf(out, "ب%s", word); break;
    case AL: buf_printf(out, "ال%s", word); break;
    case NO_AL: buf_puts(out, word + strlen("ال")); break;
    case HARAKAT: {
        /* a fatha after the first letter, a shadda and a kasra after the second */
        static const char *const marks[] = {"\u064E", "\u0651\u0650"};
        int letter = 0;
        for (size_t i = 0; i < n;) {
            size_t len = 1;
            while (i + len < n && ((unsigned char)word[i + len] & 0xC0) == 0x80)
                len++;
            buf_append(out, word + i, len);
            if (letter < 2)
                buf_puts(out, marks[letter++]);
            i += len;
        }
        break;
    }
    case HAMZA: {
        /* a hamza form made bare, or else the bare alef given one */
        static const char *const hamzas[] = {"أ", "إ", "آ"};
        for (int h = 0; h < 3 && hamza; h++) {
            char *at = strstr(word, hamzas[h]);
            if (at) {
                buf_append(out, word, (size_t)(at - word));
                buf_puts(out, "ا");
                buf_puts(out, at + strlen(hamzas[h]));
                return;
            }
        }
        buf_append(out, word, (size_t)(alef - word));
        buf_puts(out, bench_rng(rng) % 2 ? "أ" : "إ");
        buf_puts(out, alef + strlen("ا"));
        break;
    }
    case TAA:
        buf_append(out, word, n - 2);
        buf_puts(out, "ه");
        break;
    }
}

struct variant_ctx {
    struct buf *out;
    uint64_t *rng;
};

static int variant_each(void *ctx, const char *s, size_t start, size_t len)
{
    struct variant_ctx *v = ctx;
    if (v->out->len)
        buf_putc(v->out, ' ');
    variant_word(v->out, s + start, len, v->rng);
    return 0;
}

/* The queries. */
struct bench_query {
    char *text[2]; /* as written, a variant */
    int32_t story;
    int64_t id; /* the article the words come from */
};

/* n queries: 2 or 3 words of titles, or with body, 2 words of the first lines of bodies. */
static struct bench_query *make_queries(struct db *db, const struct archive *a, int n, bool body)
{
    struct bench_query *qs = calloc((size_t)n, sizeof *qs);
    uint64_t rng = body ? 20261206 : 20261205;
    struct bench_words bw = {.norm = BUF_INIT};
    for (int i = 0; i < n; i++) {
        int words = i % 2 && !body ? 3 : 2;
        for (;;) {
            int64_t id = a->originals[bench_rng(&rng) % a->noriginals];
            struct db_stmt q;
            if (db_prepare(db, &q,
                           body
                               ? "SELECT substr(body, 1, 200) AS title FROM articles WHERE id = :id"
                               : "SELECT title FROM articles WHERE id = :id") != DB_OK)
                abort();
            db_bind_int(&q, ":id", id);
            json_t *row = NULL;
            if (db_one_json(&q, &row) != DB_OK)
                abort();
            const char *title = json_string_value(json_object_get(row, "title"));
            bench_title_words(&bw, title, strlen(title));
            if (bw.n < words) {
                json_decref(row);
                continue;
            }
            int first = (int)(bench_rng(&rng) % (uint64_t)(bw.n - words + 1));
            struct buf text = BUF_INIT, variant = BUF_INIT;
            for (int k = first; k < first + words; k++) {
                if (k > first)
                    buf_putc(&text, ' ');
                buf_append(&text, title + bw.w[k].start, bw.w[k].len);
            }
            struct variant_ctx v = {&variant, &rng};
            words_each(text.p, text.len, variant_each, &v);
            qs[i].text[0] = buf_detach(&text, NULL);
            qs[i].text[1] = buf_detach(&variant, NULL);
            qs[i].story = a->story[id];
            qs[i].id = id;
            json_decref(row);
            break;
        }
    }
    buf_free(&bw.norm);
    return qs;
}

/* sahifa: the first page, timed by the caller; then, untimed, further pages until the list
 * is decided. Returns the query's place (0: not in the first TOP stories), or -1 on an error. */
static json_t *sahifa_page(struct db *db, const struct query *q, int offset, int limit, int64_t now)
{
    struct search_options o = {.offset = offset, .limit = limit};
    json_t *found;
    return store_search(db, q, &o, now, &found) == DB_OK ? found : NULL;
}

static bool read_results(struct ranking *r, const struct archive *a, json_t *found, int *got)
{
    size_t i;
    json_t *row;
    *got = 0;
    json_array_foreach(json_object_get(found, "results"), i, row) {
        int64_t id = json_integer_value(json_object_get(row, "id"));
        (*got)++;
        if (id >= 0 && id <= a->max_id && ranking_add(r, a->story[id]))
            return true;
    }
    return false;
}

static int sahifa_place(struct db *db, const struct archive *a, const char *text, int32_t story,
                        int64_t now, double *seconds)
{
    struct arena ar = ARENA_INIT;
    struct query q;
    double t0 = clock_now();
    query_parse(&ar, text, strlen(text), &q);
    json_t *found = sahifa_page(db, &q, 0, TOP, now);
    *seconds = clock_now() - t0;
    struct ranking r = {.target = story};
    int got = 0, offset = TOP, place = -1;
    if (!found)
        goto out;
    bool decided = read_results(&r, a, found, &got);
    while (!decided && got > 0 && offset < TOP * (a->copies + 1)) {
        json_decref(found);
        found = sahifa_page(db, &q, offset, PAGE, now);
        if (!found)
            goto out;
        decided = read_results(&r, a, found, &got);
        offset += PAGE;
    }
    place = r.place;
out:
    json_decref(found);
    arena_free(&ar);
    return place;
}

static int u61_place(struct db *db, const struct archive *a, const char *text, int32_t story,
                     double *seconds)
{
    struct buf match = BUF_INIT;
    double t0 = clock_now();
    bench_fts_words(&match, text, " AND ");
    struct db_stmt q;
    if (db_prepare(db, &q, "SELECT count(*) FROM bench_u61 WHERE bench_u61 MATCH :m") != DB_OK)
        abort();
    db_bind_text(&q, ":m", buf_str(&match));
    int64_t total = -1;
    db_one_int(&q, &total);
    if (total > 0) {
        if (db_prepare(db, &q,
                       "SELECT rowid, highlight(bench_u61, 0, char(1), char(2)),"
                       "  snippet(bench_u61, 1, char(1), char(2), '…', 24)"
                       " FROM bench_u61 WHERE bench_u61 MATCH :m"
                       " ORDER BY bm25(bench_u61, 5.0, 1.0) LIMIT 10") != DB_OK)
            abort();
        db_bind_text(&q, ":m", buf_str(&match));
        json_t *rows = NULL;
        db_rows_json(&q, &rows);
        json_decref(rows);
    }
    *seconds = clock_now() - t0;
    struct ranking r = {.target = story};
    if (total > 0) {
        if (db_prepare(db, &q,
                       "SELECT rowid FROM bench_u61 WHERE bench_u61 MATCH :m"
                       " ORDER BY bm25(bench_u61, 5.0, 1.0) LIMIT :n") != DB_OK)
            abort();
        db_bind_text(&q, ":m", buf_str(&match));
        db_bind_int(&q, ":n", (int64_t)TOP * (a->copies + 1));
        while (db_step(&q) == DB_ROW) {
            int64_t id = db_col_int(&q, 0);
            if (id >= 0 && id <= a->max_id && ranking_add(&r, a->story[id]))
                break;
        }
        db_finalize(&q);
    }
    buf_free(&match);
    return total < 0 ? -1 : r.place;
}

/* Makes the unicode61 table over the articles, once per database. */
static bool u61_make(struct db *db)
{
    struct db_stmt q;
    if (db_prepare(db, &q, "SELECT count(*) FROM sqlite_master WHERE name = 'bench_u61'") != DB_OK)
        return false;
    int64_t made = 0;
    if (db_one_int(&q, &made) != DB_OK)
        return false;
    if (made > 0)
        return true;
    fprintf(stderr, "  making the unicode61 table (once)\n");
    double t0 = bench_now();
    if (db_exec(db, "CREATE VIRTUAL TABLE bench_u61 USING fts5(title, body, content='articles',"
                    " content_rowid='id', tokenize='unicode61 remove_diacritics 2');"
                    "INSERT INTO bench_u61(bench_u61) VALUES('rebuild');") != DB_OK)
        return false;
    fprintf(stderr, "  made in %.0f s\n", bench_now() - t0);
    return true;
}

struct tally {
    int found[2];
    double rr[2];
    double *seconds;
    int timed;
    int errors;
};

static void tally_add(struct tally *t, int variant, int place, double seconds, bool timed)
{
    if (place < 0) {
        t->errors++;
        return;
    }
    if (place > 0) {
        t->found[variant]++;
        t->rr[variant] += 1.0 / place;
    }
    if (timed)
        t->seconds[t->timed++] = seconds;
}

static void print_row(const char *name, const struct tally *t, int n, struct bench_latency l)
{
    printf("%-14s | %9.1f%% | %8.1f%% | %7.3f | %8.3f | %6.2f | %6.2f | %6.2f | %6.2f\n", name,
           100.0 * t->found[0] / n, 100.0 * t->found[1] / n, t->rr[0] / n, t->rr[1] / n, l.p50,
           l.p90, l.p99, l.max);
}

/* Latency only, of n queries of 2 words from the first lines of bodies: the articles with both
 * words are mostly not in tier 1 (their titles lack them), so the page ranks tier 2. */
static void body_latency(struct db *db, const struct archive *a, int n, int64_t now, bool check)
{
    struct bench_query *qs = make_queries(db, a, n, true);
    double *ts = calloc((size_t)n, sizeof *ts), *tu = calloc((size_t)n, sizeof *tu);
    int timed = 0;
    for (int i = 0; i < n; i++) {
        double s, u = 0;
        sahifa_place(db, a, qs[i].text[0], qs[i].story, now, &s);
        if (!check)
            u61_place(db, a, qs[i].text[0], qs[i].story, &u);
        if (i >= WARMUP) {
            ts[timed] = s;
            tu[timed++] = u;
        }
    }
    struct bench_latency ls = bench_percentiles(ts, timed), lu = bench_percentiles(tu, timed);
    printf("%d queries of 2 words from bodies' first lines (tier 2 ranked), after %d untimed:"
           " sahifa p50 %.2f, p90 %.2f, p99 %.2f, max %.2f ms%s",
           timed, WARMUP, ls.p50, ls.p90, ls.p99, ls.max, cpu_clock ? " (CPU time)" : "");
    if (!check)
        printf("; unicode61 AND p50 %.2f, p90 %.2f, p99 %.2f, max %.2f ms", lu.p50, lu.p90, lu.p99,
               lu.max);
    printf("\n");
    for (int i = 0; i < n; i++) {
        free(qs[i].text[0]);
        free(qs[i].text[1]);
    }
    free(qs);
    free(ts);
    free(tu);
}

/* Runs the queries on one database; returns 1 when --check finds sahifa below the targets. */
static int run(const char *path, int nqueries, int nbody, bool check, bool misses)
{
    struct db *db;
    if (db_open(&db, path, check ? DB_OPEN_READONLY : 0) != DB_OK) {
        fprintf(stderr, "%s: cannot open\n", path);
        return 2;
    }
    struct archive a;
    if (!archive_load(db, &a)) {
        fprintf(stderr, "%s: no published articles\n", path);
        db_close(db);
        return 2;
    }
    if (!check && !u61_make(db)) {
        db_close(db);
        return 2;
    }
    struct bench_query *qs = make_queries(db, &a, nqueries, false);
    int64_t now = (int64_t)time(NULL);
    struct tally ts = {.seconds = calloc(2 * (size_t)nqueries, sizeof(double))};
    struct tally tu = {.seconds = calloc(2 * (size_t)nqueries, sizeof(double))};
    double slowest[3] = {0, 0, 0};
    const char *slow_text[3] = {NULL, NULL, NULL};
    for (int i = 0; i < nqueries; i++) {
        for (int v = 0; v < 2; v++) {
            double s;
            bool timed = i >= WARMUP;
            int place = sahifa_place(db, &a, qs[i].text[v], qs[i].story, now, &s);
            tally_add(&ts, v, place, s, timed);
            if (misses && place == 0)
                printf("missed%s: «%s» (article %lld)\n", v ? " (variant)" : "", qs[i].text[v],
                       (long long)qs[i].id);
            for (int k = 0; k < 3 && timed; k++) {
                if (s > slowest[k]) {
                    memmove(slowest + k + 1, slowest + k, (size_t)(2 - k) * sizeof *slowest);
                    memmove(slow_text + k + 1, slow_text + k, (size_t)(2 - k) * sizeof *slow_text);
                    slowest[k] = s;
                    slow_text[k] = qs[i].text[v];
                    break;
                }
            }
            if (!check) {
                place = u61_place(db, &a, qs[i].text[v], qs[i].story, &s);
                tally_add(&tu, v, place, s, timed);
            }
        }
        if ((i + 1) % 250 == 0)
            fprintf(stderr, "  %d queries\n", i + 1);
    }
    printf("\n%s: %lld articles, %d stories (up to %d copies each; %zu whose title another has"
           " are not asked for); %d queries of 2-3 title words, as written and as a variant\n",
           path, (long long)a.articles, a.stories, a.copies, a.repeated, nqueries);
    printf("%-14s | %10s | %9s | %7s | %8s | %6s | %6s | %6s | %6s%s\n", "", "success@10",
           "variants", "MRR@10", "variants", "p50 ms", "p90 ms", "p99 ms", "max ms",
           cpu_clock ? " (CPU time)" : "");
    struct bench_latency ls = bench_percentiles(ts.seconds, ts.timed);
    print_row("sahifa", &ts, nqueries, ls);
    if (!check) {
        struct bench_latency lu = bench_percentiles(tu.seconds, tu.timed);
        print_row("unicode61 AND", &tu, nqueries, lu);
        printf("ratio sahifa/unicode61: p50 %.2f, p99 %.2f\n", ls.p50 / lu.p50, ls.p99 / lu.p99);
    }
    printf("slowest sahifa searches:");
    for (int k = 0; k < 3 && slow_text[k]; k++)
        printf(" %.1f ms «%s»%s", slowest[k] * 1e3, slow_text[k], k < 2 ? "," : "");
    printf("\n");
    if (nbody > 0)
        body_latency(db, &a, nbody, now, check);
    double written = (double)ts.found[0] / nqueries, variant = (double)ts.found[1] / nqueries;
    int below = ts.errors > 0 || written < TARGET_WRITTEN || variant < TARGET_VARIANT;
    if (ts.errors)
        printf("%d searches failed\n", ts.errors);
    printf("targets: success@10 %.0f%% as written, %.0f%% variants: %s\n", 100 * TARGET_WRITTEN,
           100 * TARGET_VARIANT, below ? "MISSED" : "met");
    for (int i = 0; i < nqueries; i++) {
        free(qs[i].text[0]);
        free(qs[i].text[1]);
    }
    free(qs);
    free(ts.seconds);
    free(tu.seconds);
    archive_free(&a);
    db_close(db);
    return check && below;
}

int main(int argc, char **argv)
{
    bool check = false, misses = false;
    int nqueries = 1000, nbody = 0, first = 1;
    for (; first < argc && argv[first][0] == '-'; first++) {
        if (strcmp(argv[first], "--check") == 0)
            check = true;
        else if (strcmp(argv[first], "--misses") == 0)
            misses = true;
        else if (strcmp(argv[first], "--cpu") == 0)
            cpu_clock = true;
        else if (strcmp(argv[first], "--queries") == 0 && first + 1 < argc)
            nqueries = atoi(argv[++first]);
        else if (strcmp(argv[first], "--body") == 0 && first + 1 < argc)
            nbody = atoi(argv[++first]);
        else
            break;
    }
    if (first >= argc || nqueries <= WARMUP) {
        fprintf(stderr,
                "usage: search_scale [--check] [--misses] [--cpu] [--queries N] [--body N] DB...\n");
        return 2;
    }
    int rc = 0;
    for (int i = first; i < argc; i++) {
        int r = run(argv[i], nqueries, nbody, check, misses);
        if (r > rc)
            rc = r;
    }
    return rc;
}

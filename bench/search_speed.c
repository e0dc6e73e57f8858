/*
 * search_speed: how fast the site search is on a newspaper-sized archive, beside SQLite's own
 * unicode61 tokenizer on the same articles, in one run:
 *
 *   sahifa     a real sahifa database file: store_article_add() for every article (the article
 *              row, its first revision and its index entry, as the newsroom writes them), then
 *              the site search's own path, query_parse() + store_search() (count, ranking by
 *              sahifa_rank, highlighted title and snippet), 10 results, most relevant first
 *   unicode61  a plain FTS5 table (title, body) with unicode61 remove_diacritics 2 in a second
 *              database file; the query's words OR'd, a count(*), then the best 10 by bm25()
 *              with the same highlighted title and snippet
 *
 * The articles are those of ../shared/data/news (22,665; the 4 without a title are left out),
 * cycled until there are N of them: each later copy has its copy number after its title. They
 * are published at random times over the last year, in their corpus categories.
 * Reported: build time, index size (dbstat), and per-query latency (p50, p90, p99, max) over
 * 1,000 queries of 1 to 3 words taken from the articles' titles (40% one word, 40% two, 20%
 * three; a fixed seed), after a warm-up of the first 50 of them.
 *
 * Usage: search_speed [NEWS.jsonl.gz [N]]   (default ../shared/data/news/ant_news.jsonl.gz 100000)
 * With SEARCH_SPEED_KEEP=1 in the environment, the two databases are kept (their folder is
 * printed) for profiling.
 */
#include "bench.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/utf8.h"
#include "store/db.h"
#include "store/store.h"
#include "text/normalize.h"
#include "text/query.h"
#include "text/stem.h"
#include "text/tokenize.h"

#include <jansson.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

enum { BATCH = 1000, NQUERIES = 1000, WARMUP = 50 };

struct article {
    char *title, *body, *category, *source;
};

struct corpus {
    struct article *a;
    size_t n, cap;
};

static double now_s(void)
{
    return bench_now();
}

/* A fixed seed, so every run asks the same queries of the same articles. */
static uint64_t rng_state = 20261129;

static uint64_t rng(void)
{
    return bench_rng(&rng_state);
}

static char *dup_field(json_t *row, const char *key)
{
    const char *s = json_string_value(json_object_get(row, key));
    return strdup(s ? s : "");
}

static void add_line(struct corpus *c, const char *line, size_t n)
{
    json_t *row = json_loadb(line, n, 0, NULL);
    if (!row)
        return;
    const char *title = json_string_value(json_object_get(row, "title"));
    const char *body = json_string_value(json_object_get(row, "body"));
    if (title && *title && body && *body) {
        if (c->n == c->cap) {
            c->cap = c->cap ? 2 * c->cap : 1024;
            c->a = realloc(c->a, c->cap * sizeof *c->a);
            if (!c->a)
                abort();
        }
        c->a[c->n++] = (struct article){dup_field(row, "title"), dup_field(row, "body"),
                                        dup_field(row, "category"), dup_field(row, "source")};
    }
    json_decref(row);
}

/* The gzip'd JSON lines at path; false when the file cannot be read. */
static bool read_corpus(const char *path, struct corpus *c)
{
    gzFile f = gzopen(path, "rb");
    if (!f)
        return false;
    gzbuffer(f, 1 << 17);
    struct buf line = BUF_INIT;
    char chunk[1 << 16];
    while (gzgets(f, chunk, sizeof chunk)) {
        buf_puts(&line, chunk);
        if (line.len && line.p[line.len - 1] == '\n') {
            add_line(c, line.p, line.len);
            buf_reset(&line);
        }
    }
    if (line.len)
        add_line(c, line.p, line.len);
    buf_free(&line);
    gzclose(f);
    return c->n > 0;
}

static void corpus_free(struct corpus *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->a[i].title);
        free(c->a[i].body);
        free(c->a[i].category);
        free(c->a[i].source);
    }
    free(c->a);
}

/* The title of article i of n: the corpus cycled, copies after the first numbered. */
static const struct article *article_at(const struct corpus *c, size_t i, struct buf *title)
{
    const struct article *a = &c->a[i % c->n];
    buf_reset(title);
    buf_puts(title, a->title);
    if (i >= c->n)
        buf_printf(title, " %zu", i / c->n + 1);
    return a;
}

/* The corpus's categories, with the names a newsroom would give them. */
static const struct {
    const char *slug, *name;
} category_names[] = {
    {"localNews", "أخبار محلية"},   {"internationalNews", "أخبار دولية"},
    {"middleEast", "الشرق الأوسط"}, {"politic", "سياسة"},
    {"economy", "اقتصاد"},          {"sport", "رياضة"},
    {"technology", "تكنولوجيا"},    {"culture", "ثقافة"},
    {"society", "مجتمع"},           {"diverse", "منوعات"},
};

/* The category id of a slug, created when first met (json object slug -> id). */
static int64_t category_id(struct db *db, json_t *ids, const char *slug)
{
    if (!*slug)
        return 0;
    json_t *id = json_object_get(ids, slug);
    if (id)
        return json_integer_value(id);
    const char *name = slug;
    for (size_t i = 0; i < sizeof category_names / sizeof *category_names; i++)
        if (strcmp(category_names[i].slug, slug) == 0)
            name = category_names[i].name;
    int64_t new_id = 0;
    if (store_category_add(db, slug, name, "", (int)json_object_size(ids), &new_id) != DB_OK)
        return 0;
    json_object_set_new(ids, slug, json_integer(new_id));
    return new_id;
}

/* Building the two databases. */

struct build {
    double seconds;
    bool ok;
};

static struct build build_sahifa(struct db *db, const struct corpus *c, size_t n, int64_t now)
{
    struct build r = {0, false};
    json_t *categories = json_object();
    struct buf title = BUF_INIT;
    uint64_t saved = rng_state;
    rng_state = 1; /* the same publication times in every run */
    double t0 = now_s();
    for (size_t i = 0; i < n; i++) {
        if (i % BATCH == 0 && db_begin(db) != DB_OK)
            goto out;
        const struct article *a = article_at(c, i, &title);
        struct article_in in = {
            .title = buf_str(&title),
            .body = a->body,
            .source = a->source,
            .status = "published",
            .category_id = category_id(db, categories, a->category),
            .published_at = now - 60 - (int64_t)(rng() % (365 * 86400)),
        };
        int64_t id;
        if (store_article_add(db, &in, now, &id) != DB_OK || (uint64_t)id != i + 1) {
            fprintf(stderr, "article %zu: not added as id %zu\n", i, i + 1);
            goto out;
        }
        if ((i + 1) % BATCH == 0 || i + 1 == n) {
            if (db_commit(db) != DB_OK)
                goto out;
        }
        if ((i + 1) % 25000 == 0)
            fprintf(stderr, "  sahifa: %zu articles, %.0f s\n", i + 1, now_s() - t0);
    }
    r.seconds = now_s() - t0;
    r.ok = true;
out:
    rng_state = saved;
    buf_free(&title);
    json_decref(categories);
    return r;
}

static bool exec_raw(sqlite3 *h, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(h, sql, NULL, NULL, &err) != SQLITE_OK) {
        fprintf(stderr, "%s: %s\n", sql, err ? err : sqlite3_errmsg(h));
        sqlite3_free(err);
        return false;
    }
    return true;
}

/* The unicode61 table, in its own file with the pragmas db_open() sets. */
static struct build build_u61(sqlite3 *h, const struct corpus *c, size_t n)
{
    struct build r = {0, false};
    if (!exec_raw(h, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                     "CREATE VIRTUAL TABLE u61 USING fts5(title, body,"
                     " tokenize='unicode61 remove_diacritics 2');"))
        return r;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(h, "INSERT INTO u61(rowid, title, body) VALUES(?1, ?2, ?3)", -1, &st,
                           NULL) != SQLITE_OK)
        return r;
    struct buf title = BUF_INIT;
    double t0 = now_s();
    for (size_t i = 0; i < n; i++) {
        if (i % BATCH == 0 && !exec_raw(h, "BEGIN IMMEDIATE"))
            goto out;
        const struct article *a = article_at(c, i, &title);
        sqlite3_bind_int64(st, 1, (sqlite3_int64)i + 1);
        sqlite3_bind_text(st, 2, buf_str(&title), (int)title.len, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, a->body, -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE) {
            fprintf(stderr, "u61 insert: %s\n", sqlite3_errmsg(h));
            exec_raw(h, "ROLLBACK");
            goto out;
        }
        sqlite3_reset(st);
        if (((i + 1) % BATCH == 0 || i + 1 == n) && !exec_raw(h, "COMMIT"))
            goto out;
        if ((i + 1) % 25000 == 0)
            fprintf(stderr, "  unicode61: %zu articles, %.0f s\n", i + 1, now_s() - t0);
    }
    r.seconds = now_s() - t0;
    r.ok = true;
out:
    sqlite3_finalize(st);
    buf_free(&title);
    return r;
}

/* Sizes. */

static double mb(int64_t bytes)
{
    return (double)bytes / (1024.0 * 1024.0);
}

static int64_t file_size(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? (int64_t)sb.st_size : 0;
}

/* Bytes of the database file and its WAL (checkpointed first, so normally none). */
static int64_t db_file_size(const char *path)
{
    char wal[4200];
    snprintf(wal, sizeof wal, "%s-wal", path);
    return file_size(path) + file_size(wal);
}

/* Per-object page bytes of a database, through the dbstat table: [[name, bytes]], largest
 * first. */
static json_t *object_sizes(sqlite3 *h)
{
    json_t *out = json_array();
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(h, "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC",
                           -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "dbstat: %s\n", sqlite3_errmsg(h));
        return out;
    }
    while (sqlite3_step(st) == SQLITE_ROW)
        json_array_append_new(out, json_pack("[s, I]", (const char *)sqlite3_column_text(st, 0),
                                             (json_int_t)sqlite3_column_int64(st, 1)));
    sqlite3_finalize(st);
    return out;
}

/* The summed bytes of the objects whose names begin with prefix (exact when exact). */
static int64_t bytes_of(json_t *sizes, const char *prefix, bool exact)
{
    int64_t sum = 0;
    size_t i;
    json_t *row;
    json_array_foreach(sizes, i, row) {
        const char *name = json_string_value(json_array_get(row, 0));
        if (exact ? strcmp(name, prefix) == 0 : strncmp(name, prefix, strlen(prefix)) == 0)
            sum += json_integer_value(json_array_get(row, 1));
    }
    return sum;
}

static void print_sizes(const char *what, json_t *sizes)
{
    printf("%s, by object (dbstat):\n", what);
    size_t i;
    json_t *row;
    json_array_foreach(sizes, i, row) {
        int64_t bytes = json_integer_value(json_array_get(row, 1));
        if (bytes >= 1024 * 1024)
            printf("  %-28s %9.1f MB\n", json_string_value(json_array_get(row, 0)), mb(bytes));
    }
}

/* The queries. */

/* NQUERIES queries of consecutive words of random titles: 40% of one word, 40% of two, 20% of
 * three. */
static char **make_queries(const struct corpus *c)
{
    char **q = calloc(NQUERIES, sizeof *q);
    struct bench_words tw = {.n = 0, .norm = BUF_INIT};
    for (int i = 0; i < NQUERIES; i++) {
        int words = i % 5 < 2 ? 1 : i % 5 < 4 ? 2 : 3;
        for (;;) {
            const char *title = c->a[rng() % c->n].title;
            bench_title_words(&tw, title, strlen(title));
            if (tw.n < words)
                continue;
            int first = (int)(rng() % (uint64_t)(tw.n - words + 1));
            struct buf text = BUF_INIT;
            for (int k = first; k < first + words; k++) {
                if (k > first)
                    buf_putc(&text, ' ');
                buf_append(&text, title + tw.w[k].start, tw.w[k].len);
            }
            q[i] = buf_detach(&text, NULL);
            break;
        }
    }
    buf_free(&tw.norm);
    return q;
}

/* sahifa: the site search's path, as src/pages/ calls it. Returns the total found. */
static int64_t run_sahifa(struct db *db, const char *text, int64_t now)
{
    struct arena a = ARENA_INIT;
    struct query q;
    query_parse(&a, text, strlen(text), &q);
    struct search_options o = {.limit = 10};
    json_t *found;
    store_search(db, &q, &o, now, &found);
    int64_t total = found ? json_integer_value(json_object_get(found, "total")) : -1;
    json_decref(found);
    arena_free(&a);
    return total;
}

struct u61_stmts {
    sqlite3_stmt *count, *top;
};

/* unicode61: the words OR'd; the count and the best 10 with the same marked title and snippet
 * as sahifa's, made into the same kind of JSON rows. Returns the total found. */
static int64_t run_u61(struct u61_stmts *s, const char *text)
{
    struct buf match = BUF_INIT;
    bench_fts_words(&match, text, " OR ");
    int64_t total = 0;
    if (match.len == 0)
        goto out;
    sqlite3_bind_text(s->count, 1, match.p, (int)match.len, SQLITE_STATIC);
    if (sqlite3_step(s->count) == SQLITE_ROW)
        total = sqlite3_column_int64(s->count, 0);
    sqlite3_reset(s->count);
    if (total == 0)
        goto out;
    sqlite3_bind_text(s->top, 1, match.p, (int)match.len, SQLITE_STATIC);
    json_t *results = json_array();
    while (sqlite3_step(s->top) == SQLITE_ROW)
        json_array_append_new(
            results, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)sqlite3_column_int64(s->top, 0),
                               "title_marked", (const char *)sqlite3_column_text(s->top, 1),
                               "snippet_marked", (const char *)sqlite3_column_text(s->top, 2)));
    sqlite3_reset(s->top);
    json_decref(results);
out:
    buf_free(&match);
    return total;
}

/* Clean-up of the temporary files. */

static char tmpdir[4096], sahifa_path[4200], u61_path[4200];

static void remove_db(const char *path)
{
    char p[4300];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
}

static void cleanup(void)
{
    if (!*tmpdir)
        return;
    if (getenv("SEARCH_SPEED_KEEP")) {
        fprintf(stderr, "kept %s\n", tmpdir);
        return;
    }
    remove_db(sahifa_path);
    remove_db(u61_path);
    rmdir(tmpdir);
    *tmpdir = 0;
}

/* Only for the comparison table and dbstat: the raw handle behind a struct db (store/db.c). */
struct db_raw {
    sqlite3 *h;
};

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "../shared/data/news/ant_news.jsonl.gz";
    long want = argc > 2 ? strtol(argv[2], NULL, 10) : 100000;
    if (want < 1) {
        fprintf(stderr, "usage: search_speed [NEWS.jsonl.gz [N]]\n");
        return 2;
    }
    size_t n = (size_t)want;
    if (access(path, R_OK) != 0) {
        printf("%s not found: search-speed benchmark skipped\n", path);
        return 0;
    }
    struct corpus c = {NULL, 0, 0};
    double t0 = now_s();
    if (!read_corpus(path, &c)) {
        fprintf(stderr, "%s: no articles read\n", path);
        return 1;
    }
    fprintf(stderr, "read %zu articles from %s in %.1f s\n", c.n, path, now_s() - t0);

    const char *tmp = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/sahifa-search-speed-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(tmpdir)) {
        perror(tmpdir);
        return 1;
    }
    atexit(cleanup);
    snprintf(sahifa_path, sizeof sahifa_path, "%s/sahifa.db", tmpdir);
    snprintf(u61_path, sizeof u61_path, "%s/u61.db", tmpdir);

    int64_t now = (int64_t)time(NULL);
    struct db *db;
    if (db_open(&db, sahifa_path, DB_OPEN_CREATE) != DB_OK || store_migrate(db) != DB_OK)
        return 1;
    sqlite3 *sh = ((struct db_raw *)db)->h;
    sqlite3 *uh;
    if (sqlite3_open_v2(u61_path, &uh, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        fprintf(stderr, "%s: %s\n", u61_path, sqlite3_errmsg(uh));
        return 1;
    }

    fprintf(stderr, "building %zu articles in %s\n", n, tmpdir);
    struct build bs = build_sahifa(db, &c, n, now);
    struct build bu = bs.ok ? build_u61(uh, &c, n) : bs;
    if (!bs.ok || !bu.ok)
        return 1;
    exec_raw(sh, "PRAGMA wal_checkpoint(TRUNCATE)");
    exec_raw(uh, "PRAGMA wal_checkpoint(TRUNCATE)");

    json_t *ss = object_sizes(sh), *us = object_sizes(uh);
    int64_t s_index = bytes_of(ss, "articles_fts", false);
    int64_t s_articles = bytes_of(ss, "articles", true);
    int64_t s_revisions = bytes_of(ss, "revisions", true);
    int64_t s_file = db_file_size(sahifa_path);
    int64_t u_all = bytes_of(us, "u61", false);
    int64_t u_content = bytes_of(us, "u61_content", true);
    int64_t u_index = u_all - u_content;
    int64_t u_file = db_file_size(u61_path);

    char **queries = make_queries(&c);
    sqlite3_stmt *count_st, *top_st;
    if (sqlite3_prepare_v2(uh, "SELECT count(*) FROM u61 WHERE u61 MATCH ?1", -1, &count_st,
                           NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(uh,
                           "SELECT rowid, highlight(u61, 0, char(1), char(2)),"
                           "  snippet(u61, 1, char(1), char(2), '…', 24)"
                           " FROM u61 WHERE u61 MATCH ?1"
                           " ORDER BY bm25(u61, 5.0, 1.0) LIMIT 10",
                           -1, &top_st, NULL) != SQLITE_OK) {
        fprintf(stderr, "u61 queries: %s\n", sqlite3_errmsg(uh));
        return 1;
    }
    struct u61_stmts u61 = {count_st, top_st};

    for (int i = 0; i < WARMUP; i++) {
        run_sahifa(db, queries[i], now);
        run_u61(&u61, queries[i]);
    }
    static double ts[NQUERIES], tu[NQUERIES];
    double found_s = 0, found_u = 0;
    int none_s = 0, none_u = 0;
    for (int i = 0; i < NQUERIES; i++) {
        double a = now_s();
        int64_t fs = run_sahifa(db, queries[i], now);
        double b = now_s();
        int64_t fu = run_u61(&u61, queries[i]);
        double e = now_s();
        if (fs < 0) {
            fprintf(stderr, "sahifa search failed: %s\n", queries[i]);
            return 1;
        }
        ts[i] = b - a;
        tu[i] = e - b;
        found_s += (double)fs;
        found_u += (double)fu;
        none_s += fs == 0;
        none_u += fu == 0;
    }
    printf("%zu articles (%zu distinct, cycled), %d queries of 1-3 title words after %d warm-up"
           " queries\n\n",
           n, c.n, NQUERIES, WARMUP);
    print_sizes("sahifa database", ss);
    print_sizes("unicode61 database", us);
    printf("\nsahifa: index (articles_fts*) %.1f MB; articles table %.1f MB, revisions %.1f MB;"
           " file %.1f MB\n",
           mb(s_index), mb(s_articles), mb(s_revisions), mb(s_file));
    printf("unicode61: index (u61* but u61_content) %.1f MB; its copy of the text (u61_content)"
           " %.1f MB; file %.1f MB\n",
           mb(u_index), mb(u_content), mb(u_file));
    printf("matches per query: sahifa %.0f on average (%d queries found nothing), unicode61 %.0f"
           " (%d found nothing)\n",
           found_s / NQUERIES, none_s, found_u / NQUERIES, none_u);

    /* The slowest sahifa queries, for whoever looks into the tail. */
    int slow[5] = {-1, -1, -1, -1, -1};
    for (int i = 0; i < NQUERIES; i++) {
        for (int k = 0; k < 5; k++) {
            if (slow[k] < 0 || ts[i] > ts[slow[k]]) {
                memmove(slow + k + 1, slow + k, (size_t)(4 - k) * sizeof *slow);
                slow[k] = i;
                break;
            }
        }
    }
    printf("slowest sahifa queries:\n");
    for (int k = 0; k < 5; k++)
        printf("  %7.1f ms  (unicode61 %5.1f ms)  %s\n", ts[slow[k]] * 1e3, tu[slow[k]] * 1e3,
               queries[slow[k]]);

    struct bench_latency ls = bench_percentiles(ts, NQUERIES), lu = bench_percentiles(tu, NQUERIES);
    printf("\narticles %-6zu | %7s | %10s | %8s | %7s | %6s | %6s | %6s | %6s\n", n, "build s",
           "articles/s", "index MB", "db MB", "p50 ms", "p90 ms", "p99 ms", "max ms");
    printf("%-15s | %7.1f | %10.0f | %8.1f | %7.1f | %6.2f | %6.2f | %6.2f | %6.2f\n", "sahifa",
           bs.seconds, (double)n / bs.seconds, mb(s_index), mb(s_file), ls.p50, ls.p90, ls.p99,
           ls.max);
    printf("%-15s | %7.1f | %10.0f | %8.1f | %7.1f | %6.2f | %6.2f | %6.2f | %6.2f\n", "unicode61",
           bu.seconds, (double)n / bu.seconds, mb(u_index), mb(u_file), lu.p50, lu.p90, lu.p99,
           lu.max);
    printf("(sahifa's build writes the articles, their revisions and the index; unicode61's its"
           " one table. index MB: the FTS5 tables without the text.)\n");
    printf("ratio sahifa/unicode61: p50 %.2f, p99 %.2f; mean %.2f ms against %.2f ms\n",
           ls.p50 / lu.p50, ls.p99 / lu.p99, ls.mean, lu.mean);
    printf("target p99 < 10 ms: %s (%.2f ms)\n", ls.p99 < 10.0 ? "met" : "MISSED", ls.p99);

    for (int i = 0; i < NQUERIES; i++)
        free(queries[i]);
    free(queries);
    json_decref(ss);
    json_decref(us);
    sqlite3_finalize(count_st);
    sqlite3_finalize(top_st);
    sqlite3_close(uh);
    db_close(db);
    corpus_free(&c);
    cleanup();
    return 0;
}

/*
 * import.c: the importer's driver and sink (see import.h), and the helpers parsers share.
 *
 * For each path: folders are walked (sorted, hidden files left out), every file read through
 * zlib (so gzip-compressed files need nothing special), its format taken from --format or
 * guessed (name, then content), and its articles stored. An article is keyed on its source
 * (URL, GUID, or a hash of title and body): the same key again with the same text is
 * "unchanged", with another text "updated"; a new article that is a near-duplicate of one
 * already there is reported, and left out with --skip-duplicates.
 */
#include "import/import.h"
#include "media/ingest.h"
#include "base/log.h"
#include "base/mem.h"
#include "base/u64map.h"
#include "base/utf8.h"
#include "import/dedup.h"
#include "import/reader.h"
#include "store/store.h"
#include "text/slug.h"

#include <dirent.h>
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

enum {
    MAX_FILE = 256 * 1024 * 1024,
    MAX_NOTES = 20,
    MAX_BODY = 4 * 1024 * 1024,
    PROGRESS_LINE = 10000,
    KNOWN_STREAK = 32, /* articles in a row already stored: a re-import (import_reader_lazy()) */
};

/* Helpers for parsers. */

void import_paragraph(struct buf *body, const char *text, size_t n)
{
    size_t start = 0;
    while (start < n && (text[start] == ' ' || text[start] == '\t' || text[start] == '\n' ||
                         text[start] == '\r'))
        start++;
    if (start == n)
        return;
    if (body->len)
        buf_puts(body, "\n\n");
    bool space = false, line_start = true;
    for (size_t i = start; i < n; i++) {
        char c = text[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = true;
            continue;
        }
        if (space && !line_start)
            buf_putc(body, ' ');
        space = false;
        /* Backslash-escape what Markdown would read as markup, so the text shows as written. */
        if (strchr("\\`*_[]<>#|~&", c) ||
            (line_start &&
             (c == '-' || c == '+' || c == '=' ||
              ((c >= '0' && c <= '9') && i + 1 < n && (text[i + 1] == '.' || text[i + 1] == ')')))))
            buf_putc(body, '\\');
        buf_putc(body, c);
        /* A number at the start stays one unit: "2018." needs its dot escaped, not its digits. */
        if (line_start && c >= '0' && c <= '9') {
            while (i + 1 < n && text[i + 1] >= '0' && text[i + 1] <= '9')
                buf_putc(body, text[++i]);
            if (i + 1 < n && (text[i + 1] == '.' || text[i + 1] == ')')) {
                buf_putc(body, '\\');
                buf_putc(body, text[++i]);
            }
        }
        line_start = false;
    }
}

/* Days from 1970-01-01 to a civil date (Howard Hinnant's algorithm): no time zone involved. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int month_of(const char *s)
{
    static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                         "jul", "aug", "sep", "oct", "nov", "dec"};
    for (int i = 0; i < 12; i++)
        if (strncasecmp(s, months[i], 3) == 0)
            return i + 1;
    return 0;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c |= 0x20;
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

bool import_percent_decode(struct buf *out, const char *s, size_t n)
{
    size_t start = out->len;
    for (size_t i = 0; i < n; i++) {
        int hi, lo;
        if (s[i] == '%' && i + 2 < n && (hi = hex_value(s[i + 1])) >= 0 &&
            (lo = hex_value(s[i + 2])) >= 0) {
            buf_putc(out, (char)(hi << 4 | lo));
            i += 2;
        } else {
            buf_putc(out, s[i]);
        }
    }
    const char *p = out->p ? out->p + start : "";
    size_t len = out->len - start;
    return len && utf8_valid(p, len) && !utf8_has_controls(p, len) && !memchr(p, 0, len);
}

int64_t import_date(const char *s)
{
    if (!s)
        return 0;
    while (*s == ' ')
        s++;
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, n = 0;
    char mon[4] = {0};
    const char *zone = NULL;
    if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) == 3) {
        const char *p = s + n;
        int k = 0;
        if ((*p == 'T' || *p == ' ') && sscanf(p + 1, "%2d:%2d%n", &h, &mi, &k) == 2) {
            p += 1 + k;
            if (*p == ':' && sscanf(p + 1, "%2d%n", &sec, &k) == 1)
                p += 1 + k;
            if (*p == '.')
                while (*++p >= '0' && *p <= '9')
                    ;
        }
        zone = p;
    } else if (sscanf(s, "%*3s, %d %3s %d %d:%d:%d%n", &d, mon, &y, &h, &mi, &sec, &n) == 6 ||
               sscanf(s, "%d %3s %d %d:%d:%d%n", &d, mon, &y, &h, &mi, &sec, &n) == 6) {
        mo = month_of(mon);
        zone = s + n;
    } else {
        return 0;
    }
    if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
        sec > 60)
        return 0;
    while (zone && *zone == ' ')
        zone++;
    int64_t local = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
    if (zone && (*zone == 'Z' || strncmp(zone, "GMT", 3) == 0 || strncmp(zone, "UTC", 3) == 0))
        return local;
    if (zone && (*zone == '+' || *zone == '-')) {
        int zh = 0, zm = 0;
        if (sscanf(zone + 1, "%2d:%2d", &zh, &zm) != 2 && sscanf(zone + 1, "%2d%2d", &zh, &zm) < 1)
            return 0;
        int64_t offset = zh * 3600 + zm * 60;
        return *zone == '+' ? local - offset : local + offset;
    }
    /* No zone: the site's. */
    struct tm tm = {.tm_year = y - 1900,
                    .tm_mon = mo - 1,
                    .tm_mday = d,
                    .tm_hour = h,
                    .tm_min = mi,
                    .tm_sec = sec,
                    .tm_isdst = -1};
    time_t t = mktime(&tm);
    return t == (time_t)-1 ? 0 : (int64_t)t;
}

/* The importer. */

struct importer {
    struct db *db;
    const struct import_options *o;
    struct import_totals *t;
    struct dedup_index *dedup;
    json_t *categories, *authors; /* name -> id, as found or made during this import */
    int64_t forced_category;      /* --category, or 0 */
    const char *file;             /* the file being read */
    long in_batch, file_articles;
    int64_t first_new, last_new;    /* the batch's new articles, to index (0: none) */
    struct import_totals committed; /* the totals at the last commit */
    int notes;                      /* lines said about this file */
    bool failed;                    /* a database error: stop */
    /* Progress. */
    double started;
    int64_t bytes_total;
    _Atomic int64_t bytes_done; /* written by the reader's thread */
    /* The batch's new articles, kept until it is committed: the search index's tokens worked
     * out by the reader are replayed from them (store_index_expect()). */
    struct import_item *batch_items;
    struct db_checkpointer *checkpointer; /* copies the log into the database after commits */
    struct import_reader *reader;         /* the file's */
    int known_streak;                     /* articles in a row found already stored */
    long last_drawn;
};

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void note(struct importer *im, long line, const char *what)
{
    if (im->o->progress_bar)
        fputs("\r\033[K", stderr);
    if (im->notes++ < MAX_NOTES)
        fprintf(stderr, "%s:%ld: %s\n", im->file, line, what);
    else if (im->notes == MAX_NOTES + 1)
        fprintf(stderr, "%s: (more notes for this file left out)\n", im->file);
}

static void draw_progress(struct importer *im, bool force)
{
    long done = im->t->imported + im->t->updated + im->t->unchanged;
    double elapsed = now_seconds() - im->started;
    double rate = elapsed > 0 ? done / elapsed : 0;
    if (!im->o->progress_bar) {
        /* A log, not a terminal: a plain line every PROGRESS_LINE articles. */
        if (!force && done - im->last_drawn >= PROGRESS_LINE) {
            im->last_drawn = done;
            fprintf(stderr, "%s: %ld articles so far, %.0f/s\n", im->file, done, rate);
        }
        return;
    }
    if (!force && done - im->last_drawn < 200)
        return;
    im->last_drawn = done;
    double share = im->bytes_total ? (double)im->bytes_done / (double)im->bytes_total : 0;
    long eta = share > 0.01 ? (long)(elapsed / share - elapsed) : 0;
    fprintf(stderr, "\r\033[K%ld articles  %.0f/s  ETA %ld:%02ld  %s", done, rate, eta / 60,
            eta % 60, im->file ? im->file : "");
}

/* The id of the category named (or slugged) name, made when new. */
static int64_t category_id(struct importer *im, const char *name, const char *slug,
                           const char *description)
{
    json_t *known = json_object_get(im->categories, name);
    if (known)
        return json_integer_value(known);
    /* A database error leaves id 0: no category (as one that cannot be made). */
    json_t *c;
    if (store_category_find(im->db, slug ? slug : name, &c) == DB_DONE)
        store_category_find(im->db, name, &c);
    int64_t id = json_integer_value(json_object_get(c, "id"));
    json_decref(c);
    if (!id) {
        struct buf s = BUF_INIT;
        if (slug)
            slug_make(&s, slug, strlen(slug));
        if (!s.len)
            slug_make(&s, name, strlen(name));
        json_t *all = NULL;
        if (s.len && (store_categories(im->db, &all) != DB_OK ||
                      store_category_add(im->db, s.p, name, description ? description : "",
                                         (int)json_array_size(all), &id) != DB_OK))
            id = 0;
        json_decref(all);
        buf_free(&s);
    }
    if (id)
        json_object_set_new(im->categories, name, json_integer(id));
    return id;
}

/* The id of the byline called name, made when new (a user who cannot log in). */
static int64_t author_id(struct importer *im, const char *name, const char *login)
{
    json_t *known = json_object_get(im->authors, name);
    if (known)
        return json_integer_value(known);
    json_t *u;
    store_author_find(im->db, name, &u); /* an error (logged) is found nothing: made anew */
    int64_t id = json_integer_value(json_object_get(u, "id"));
    json_decref(u);
    if (!id) {
        struct buf base = BUF_INIT;
        slug_make(&base, login ? login : name, strlen(login ? login : name));
        if (!base.len)
            buf_puts(&base, "author");
        /* A slug another author has gets a number. */
        for (int i = 1; i < 100 && !id; i++) {
            struct buf s = BUF_INIT;
            buf_printf(&s, i == 1 ? "%s" : "%s-%d", base.p, i);
            if (store_author_add(im->db, s.p, name, "", &id) != DB_OK)
                id = 0;
            buf_free(&s);
        }
        buf_free(&base);
    }
    if (id)
        json_object_set_new(im->authors, name, json_integer(id));
    return id;
}

static bool same_text(json_t *row, const struct import_article *a)
{
    const char *dek = a->dek ? a->dek : "";
    return strcmp(json_string_value(json_object_get(row, "title")), a->title) == 0 &&
           strcmp(json_string_value(json_object_get(row, "dek")), dek) == 0 &&
           strcmp(json_string_value(json_object_get(row, "body")), a->body ? a->body : "") == 0;
}

/* Lets go of the batch's items, once the index has been written (or given up). */
static void release_batch(struct importer *im)
{
    store_index_expect_clear(im->db);
    while (im->batch_items) {
        struct import_item *next = im->batch_items->next;
        import_item_free(im->batch_items);
        im->batch_items = next;
    }
}

static int commit_batch(struct importer *im)
{
    bool ok =
        (!im->first_new || store_index_add_range(im->db, im->first_new, im->last_new) == DB_OK) &&
        db_commit(im->db) == DB_OK && db_begin(im->db) == DB_OK;
    release_batch(im);
    if (!ok) {
        im->failed = true;
        return -1;
    }
    db_checkpointer_poke(im->checkpointer);
    im->in_batch = 0;
    im->first_new = im->last_new = 0;
    im->committed = *im->t;
    return 0;
}

/* The bytes of s to quote in a message: up to about 60, cut between characters. */
static int quotable(const char *s)
{
    size_t n = strlen(s);
    if (n <= 60)
        return (int)n;
    n = 60;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return (int)n;
}

/*
 * The record's comments, under the article stored as article. A comment whose date cannot be
 * read, or that has none, is left out and said (with the record's line and the comment's
 * place among them): its time is never the time of the import, which would put an old comment
 * at the top of the newest. A reply to a comment left out stands on its own.
 */
static void add_comments(struct importer *im, int64_t article, const struct import_article *a)
{
    struct u64map ids = U64MAP_INIT; /* hash of the source's comment key -> our id */
    for (size_t i = 0; i < a->ncomments; i++) {
        const struct import_comment *c = &a->comments[i];
        if (!c->body || !*c->body || !utf8_valid(c->body, strlen(c->body)))
            continue;
        if (!c->created_at) {
            char what[200];
            if (c->unread_date)
                snprintf(what, sizeof what, "comment %zu skipped: the date \"%.*s\" cannot be read",
                         i + 1, quotable(c->unread_date), c->unread_date);
            else
                snprintf(what, sizeof what, "comment %zu skipped: no date", i + 1);
            note(im, a->line, what);
            continue;
        }
        int64_t parent = 0;
        if (c->parent_key) {
            int64_t *p =
                u64map_get(&ids, u64_hash(U64_HASH_SEED, c->parent_key, strlen(c->parent_key)) | 1);
            parent = p ? *p : 0;
        }
        struct comment_in in = {
            .article_id = article,
            .parent_id = parent,
            .name = c->name && *c->name ? c->name : "قارئ",
            .email = c->email,
            .text = c->body,
            .status = c->status && strcmp(c->status, "pending") == 0 ? "pending"
                      : c->status && strcmp(c->status, "spam") == 0  ? "spam"
                                                                     : "approved",
        };
        int64_t id = 0;
        if (store_comment_add(im->db, &in, c->created_at, &id) == DB_OK && c->key)
            *u64map_put(&ids, u64_hash(U64_HASH_SEED, c->key, strlen(c->key)) | 1) = id;
    }
    u64map_free(&ids);
}

/* A record not imported, and why (a parser's or the rules'). Returns 0: the file goes on. */
static int skip(struct importer *im, long line, const char *reason)
{
    im->t->skipped++;
    char what[400];
    snprintf(what, sizeof what, "skipped: %s", reason);
    note(im, line, what);
    return 0;
}

/* Why the record cannot be imported at all (the first rule of import.h it breaks), into why;
 * false when it can. Nothing has been written for it yet. */
static bool refused(const struct import_item *it, char *why, size_t size)
{
    const struct import_article *a = &it->a;
    size_t title_len = strlen(a->title);
    if (!title_len)
        snprintf(why, size, "no title");
    else if (!utf8_valid(a->title, title_len) || utf8_has_controls(a->title, title_len) ||
             utf8_length(a->title, title_len) > 300)
        snprintf(why, size, "the title is longer than 300 characters or not plain text");
    else if (strlen(a->body) > MAX_BODY || !it->body_ok)
        snprintf(why, size, "the text is larger than 4 MB or not valid UTF-8");
    else if (a->status && !store_article_status_valid(a->status))
        snprintf(why, size,
                 "unknown status \"%.*s\" (draft, review, scheduled, published or unpublished)",
                 quotable(a->status), a->status);
    else if (a->unread_date)
        snprintf(why, size,
                 "the date \"%.*s\" cannot be read (write 2018-04-20T15:00:00+03:00, "
                 "2018-04-20 or Fri, 20 Apr 2018 12:00:00 +0000)",
                 quotable(a->unread_date), a->unread_date);
    else
        return false;
    return true;
}

/* Says that the record at line was stored as a draft, and why (NULL: it was not). */
static void drafted_note(struct importer *im, long line, const char *why)
{
    if (!why)
        return;
    im->t->drafts++;
    char what[120];
    snprintf(what, sizeof what, "imported as a draft: %s", why);
    note(im, line, what);
}

/* A database error while storing the record at line: the import stops. Returns -1. */
/* The record's featured photo made into an image of the library (media/ingest.h), on this
 * thread: its id, or 0 when it cannot be had (said, and the article goes in without it). */
static int64_t photo(struct importer *im, const struct import_article *a)
{
    struct media_ingest in = {.path = a->image_path,
                              .alt = a->image_alt && *a->image_alt ? a->image_alt : a->title,
                              .caption = a->image_caption ? a->image_caption : "",
                              .credit = a->image_credit ? a->image_credit : "",
                              .focal_x = 50,
                              .focal_y = 50};
    if (media_ingest_check(&in) == 0 && media_ingest_run(im->db, &in, time(NULL)) == 0)
        return in.id;
    char what[512];
    snprintf(what, sizeof what, "photo %s left out: %s (%s)", a->image_path, in.code,
             in.status == 500 && !in.bytes ? "cannot be read" : in.message);
    note(im, a->line, what);
    return 0;
}

static int stop(struct importer *im, long line)
{
    im->failed = true;
    note(im, line, "database error: the import stops here");
    return -1;
}

/* Stores the article of an item from the reader, which it then keeps until the batch is
 * committed. Returns 0, or -1 on a database error. */
static int store_item(struct importer *im, struct import_item *it)
{
    const struct import_article *a = &it->a;
    it->next = im->batch_items;
    im->batch_items = it;
    const char *body = a->body;
    size_t title_len = strlen(a->title);
    char why[300];
    if (refused(it, why, sizeof why))
        return skip(im, a->line, why);
    struct buf key = BUF_INIT;
    if (a->key)
        buf_puts(&key, a->key);
    else
        buf_printf(&key, "hash:%016llx",
                   (unsigned long long)u64_hash(u64_hash(U64_HASH_SEED, a->title, title_len), body,
                                                strlen(body)));

    json_t *existing;
    int rc = 0;
    if (store_article_by_import_key(im->db, key.p, &existing) < 0) {
        rc = stop(im, a->line);
        goto out;
    }
    /* What the record does not say, an article imported before keeps; nothing goes live without
     * a date of its own or with no text. */
    const char *status = a->status  ? a->status
                         : existing ? json_string_value(json_object_get(existing, "status"))
                                    : "published";
    int64_t published_at = a->published_at ? a->published_at
                           : existing
                               ? json_integer_value(json_object_get(existing, "published_at"))
                               : 0;
    const char *drafted = NULL;
    if (strcmp(status, "published") == 0 || strcmp(status, "scheduled") == 0)
        drafted = !published_at ? "no date" : !*body ? "no text" : NULL;
    if (drafted)
        status = "draft";
    int64_t category =
        im->forced_category
            ? im->forced_category
            : (a->category ? category_id(im, a->category, a->category_slug, a->category_description)
                           : 0);
    if (a->image_missing) {
        char what[300];
        snprintf(what, sizeof what, "photo left out: %s", a->image_missing);
        note(im, a->line, what);
    }
    struct article_in in = {
        .image_id = a->image_path ? photo(im, a) : 0,
        .title = a->title,
        .dek = a->dek,
        .body = body,
        .slug = a->slug,
        .source = a->source,
        .status = status,
        .import_key = key.p,
        .category_id = category,
        .author_id = a->author ? author_id(im, a->author, a->author_login) : 0,
        .published_at = published_at,
        .topics = a->topics,
        .ntopics = a->ntopics,
    };
    /* A run of articles already stored is a re-import: the reader stops preparing them, until
     * a new one comes. */
    if (existing) {
        if (++im->known_streak == KNOWN_STREAK)
            import_reader_lazy(im->reader, true);
    } else {
        if (im->known_streak >= KNOWN_STREAK)
            import_reader_lazy(im->reader, false);
        im->known_streak = 0;
    }
    if (existing) {
        int64_t id = json_integer_value(json_object_get(existing, "id"));
        if (same_text(existing, a)) {
            im->t->unchanged++;
        } else if (store_article_update(im->db, id, &in, 0, time(NULL)) == DB_OK) {
            im->t->updated++;
            drafted_note(im, a->line, drafted);
        } else {
            rc = stop(im, a->line);
        }
        json_decref(existing);
        goto out;
    }
    if (!it->prepared)
        it->signed_ = dedup_signature(body, strlen(body), &it->sig);
    const struct dedup_sig *sig = &it->sig;
    bool signed_ = it->signed_;
    int64_t twin = signed_ ? dedup_find(im->dedup, sig) : 0;
    if (twin) {
        im->t->duplicates++;
        if (im->o->skip_duplicates) {
            char what[160];
            snprintf(what, sizeof what, "skipped: a near-duplicate of article %lld",
                     (long long)twin);
            note(im, a->line, what);
            goto out;
        }
    }
    int64_t id;
    if (signed_) {
        in.fingerprint = sig;
        in.fingerprint_len = sizeof *sig;
    }
    if (store_article_add_unindexed(im->db, &in, time(NULL), &id) != DB_OK) {
        rc = stop(im, a->line);
        goto out;
    }
    const char *texts[3] = {a->title, a->dek ? a->dek : "", body};
    for (int i = 0; i < 3; i++)
        if (it->tokenized[i])
            store_index_expect(im->db, texts[i], strlen(texts[i]), &it->tokens[i]);
    if (!im->first_new)
        im->first_new = id;
    im->last_new = id;
    if (twin) {
        char what[160];
        snprintf(what, sizeof what, "imported as article %lld, a near-duplicate of article %lld",
                 (long long)id, (long long)twin);
        note(im, a->line, what);
    }
    if (signed_)
        dedup_add(im->dedup, sig, id);
    add_comments(im, id, a);
    if (a->old_path && *a->old_path == '/') {
        json_t *stored;
        if (store_article_get(im->db, id, &stored) == DB_OK) {
            struct buf to = BUF_INIT;
            buf_printf(&to, "/a/%lld/%s", (long long)id,
                       json_string_value(json_object_get(stored, "slug")));
            store_redirect_add(im->db, a->old_path, to.p, time(NULL));
            buf_free(&to);
            json_decref(stored);
        }
    }
    im->t->imported++;
    drafted_note(im, a->line, drafted);
out:
    buf_free(&key);
    im->file_articles++;
    if (rc == 0 && ++im->in_batch >= IMPORT_BATCH)
        rc = commit_batch(im);
    draw_progress(im, false);
    return rc;
}

/* Whether needle is in the n bytes at s, ignoring case. */
static bool contains_nocase(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (strncasecmp(s + i, needle, k) == 0)
            return true;
    return false;
}

/* The format of a file: from --format, else its name, else its first bytes. */
static const char *format_of(const char *path, const char *data, size_t n, const char *forced)
{
    if (forced && strcmp(forced, "auto") != 0)
        return forced;
    char name[4096];
    snprintf(name, sizeof name, "%s", path);
    size_t len = strlen(name);
    if (len > 3 && strcmp(name + len - 3, ".gz") == 0)
        name[len - 3] = 0;
    const char *dot = strrchr(name, '.');
    if (dot) {
        if (strcasecmp(dot, ".jsonl") == 0 || strcasecmp(dot, ".ndjson") == 0)
            return "jsonl";
        if (strcasecmp(dot, ".wxr") == 0)
            return "wxr";
        if (strcasecmp(dot, ".html") == 0 || strcasecmp(dot, ".htm") == 0)
            return "html";
        if (strcasecmp(dot, ".txt") == 0)
            return "text";
    }
    size_t i = 0;
    if (n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < n && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t'))
        i++;
    const char *p = data + i;
    size_t left = n - i;
    if (left && *p == '{')
        return "jsonl";
    /* XML is read as a WordPress export (which says what it is when it is not one), unless it
     * is XHTML. */
    if (left >= 5 && (strncasecmp(p, "<?xml", 5) == 0 || strncasecmp(p, "<rss", 4) == 0))
        return contains_nocase(p, left, "<html") ? "html" : "wxr";
    if (left >= 5 && (strncasecmp(p, "<!doc", 5) == 0 || strncasecmp(p, "<html", 5) == 0))
        return "html";
    return "text";
}

/* An open file, read through zlib (plain files pass through), with what has been read of it
 * counted in the progress. */
struct source {
    gzFile f;
    struct importer *im;
    int64_t bytes_before; /* bytes_done when the file was opened */
};

static void source_progress(struct source *src)
{
    src->im->bytes_done = src->bytes_before + (int64_t)gzoffset(src->f);
}

/* Whether the file is gzip-compressed and its data ended before the end of the stream (zlib
 * reads what there is and says Z_BUF_ERROR): a file cut short in a copy or a download. */
static bool cut_short(struct source *src)
{
    int errnum = Z_OK;
    gzerror(src->f, &errnum);
    return errnum == Z_BUF_ERROR;
}

static const char cut_short_reason[] = "the compressed file is cut short (truncated gzip)";

/* Why the last read failed, for err. */
static void read_error(struct source *src, struct buf *err)
{
    int errnum = 0;
    const char *zerr = gzerror(src->f, &errnum);
    buf_printf(err, "cannot read: %s",
               errnum == Z_ERRNO ? strerror(errno)
               : errnum != Z_OK  ? zerr
                                 : "error");
}

/* Reads up to n bytes (all of them unless the file ends); -1 on an error. */
static long read_up_to(struct source *src, char *p, size_t n)
{
    size_t got = 0;
    while (got < n) {
        int k = gzread(src->f, p + got, (unsigned)(n - got < 1u << 30 ? n - got : 1u << 30));
        if (k < 0)
            return -1;
        if (k == 0)
            break;
        got += (size_t)k;
    }
    return (long)got;
}

/* The rest of a file into out, MAX_FILE at most (a single page; archives are streamed). */
static int read_all(struct source *src, struct buf *out, struct buf *err)
{
    char chunk[65536];
    long n;
    while ((n = read_up_to(src, chunk, sizeof chunk)) > 0) {
        if (out->len + (size_t)n > MAX_FILE) {
            buf_printf(err, "larger than %d MB", MAX_FILE / (1024 * 1024));
            return -1;
        }
        buf_append(out, chunk, (size_t)n);
    }
    source_progress(src);
    if (n < 0) {
        read_error(src, err);
        return -1;
    }
    if (cut_short(src)) {
        buf_puts(err, cut_short_reason);
        return -1;
    }
    return 0;
}

/* import_wxr's input: the file, streamed. */
static int wxr_read(void *ctx, char *p, int n)
{
    struct source *src = ctx;
    long got = read_up_to(src, p, (size_t)n);
    source_progress(src);
    return (int)got;
}

/* The file from its start again (import_wxr's first reading, for attachments, is done). */
static int wxr_rewind(void *ctx)
{
    struct source *src = ctx;
    return gzrewind(src->f);
}

/* JSON Lines, a line at a time. The last line, when it has no newline, is a record only when it
 * is whole: a file cut short in the middle of a record fails as a whole (a line that merely
 * does not parse is skipped). */
static int read_jsonl(struct source *src, struct import_sink *s, struct buf *err)
{
    struct buf line = BUF_INIT;
    char chunk[65536];
    long lineno = 0;
    int rc = 0;
    for (;;) {
        char *got = gzgets(src->f, chunk, sizeof chunk);
        if (got)
            buf_puts(&line, chunk);
        bool complete = !got || (line.len && line.p[line.len - 1] == '\n');
        if (!complete && line.len < (size_t)MAX_BODY * 2)
            continue;
        if (line.len) {
            lineno++;
            bool last = !got && line.p[line.len - 1] != '\n';
            json_t *whole = last && !cut_short(src) ? json_loadb(line.p, line.len, 0, NULL) : NULL;
            bool whole_line = whole != NULL;
            json_decref(whole);
            if (last && !whole_line) {
                if (cut_short(src))
                    buf_printf(err, "%s, in line %ld", cut_short_reason, lineno);
                else
                    buf_printf(err, "line %ld: the file ends in the middle of a record (cut short)",
                               lineno);
                rc = -1;
                break;
            }
            if (!complete) {
                s->skip(s, lineno, "a line longer than 8 MB");
                /* Drop the rest of that line. */
                while ((got = gzgets(src->f, chunk, sizeof chunk)) && !strchr(chunk, '\n'))
                    ;
            } else if (import_jsonl_line(line.p, line.len - (line.p[line.len - 1] == '\n'), lineno,
                                         s) != 0) {
                rc = -1;
                break;
            }
            buf_reset(&line);
            if (lineno % 256 == 0)
                source_progress(src);
        }
        if (!got)
            break;
    }
    int errnum = 0;
    gzerror(src->f, &errnum);
    if (errnum != Z_OK && rc == 0) {
        if (errnum == Z_BUF_ERROR)
            buf_puts(err, cut_short_reason);
        else
            read_error(src, err);
        rc = -1;
    }
    source_progress(src);
    buf_free(&line);
    return rc;
}

/* A file to read, on the reader's thread. */
struct file_job {
    struct importer *im; /* its options and bytes_done only: the rest is the writer's */
    const char *path;
};

/* Reads one file in its format. Returns 0, or -1 with the reason in err. */
static int read_file(void *ctx, struct import_sink *sink, struct buf *err)
{
    struct file_job *job = ctx;
    struct importer *im = job->im;
    const char *path = job->path;
    struct source src = {.f = gzopen(path, "rb"), .im = im, .bytes_before = im->bytes_done};
    if (!src.f) {
        buf_printf(err, "cannot open: %s", strerror(errno));
        return -1;
    }
    gzbuffer(src.f, 256 * 1024);
    /* The format: from --format, else the name, else the first bytes. */
    char head[4096];
    long n = read_up_to(&src, head, sizeof head);
    if (n < 0 || gzrewind(src.f) != 0) {
        read_error(&src, err);
        gzclose(src.f);
        return -1;
    }
    const char *format = format_of(path, head, (size_t)n, im->o->format);
    int rc;
    struct buf data = BUF_INIT;
    if (strcmp(format, "jsonl") == 0) {
        rc = read_jsonl(&src, sink, err);
    } else if (strcmp(format, "wxr") == 0) {
        struct import_input in = {wxr_read, wxr_rewind, &src};
        rc = import_wxr(&in, path, im->o->media_from, sink, err);
        if (rc == 0 && cut_short(&src)) {
            buf_puts(err, cut_short_reason);
            rc = -1;
        }
    } else if (strcmp(format, "text") == 0 || strcmp(format, "html") == 0) {
        rc = read_all(&src, &data, err);
        if (rc == 0 && format[0] == 't')
            rc = import_text(buf_str(&data), data.len, path, sink, err);
        else if (rc == 0)
            rc = import_html(buf_str(&data), data.len, path, sink, err);
    } else {
        buf_printf(err, "unknown format %s", format);
        rc = -1;
    }
    buf_free(&data);
    gzclose(src.f);
    return rc;
}

static void remember(void *ctx, int64_t id, const void *p, size_t n)
{
    struct dedup_sig sig;
    if (n != sizeof sig)
        return; /* made by another version: left out */
    memcpy(&sig, p, n);
    dedup_add(ctx, &sig, id);
}

/* After a rollback: the ids remembered for names and fingerprints may be gone with it. */
static void forget_uncommitted(struct importer *im)
{
    json_object_clear(im->categories);
    json_object_clear(im->authors);
    dedup_free(im->dedup);
    im->dedup = dedup_new();
    store_fingerprints_each(im->db, remember, im->dedup);
}

static void import_file(struct importer *im, const char *path)
{
    struct buf err = BUF_INIT;
    im->file = path;
    im->notes = 0;
    im->file_articles = 0;
    im->t->files++;
    int64_t bytes_before = im->bytes_done;
    long skipped_before = im->t->skipped;
    struct file_job job = {im, path};
    struct import_reader *reader = import_reader_start(read_file, &job);
    im->reader = reader;
    im->known_streak = 0;
    struct import_item *it;
    while ((it = import_reader_next(reader))) {
        if (im->failed) {
            import_item_free(it);
        } else if (it->kind == IMPORT_ITEM_SKIP) {
            skip(im, it->line, it->reason);
            import_item_free(it);
        } else if (store_item(im, it) != 0) {
            import_reader_stop(reader);
        }
    }
    int rc = import_reader_finish(reader, &err);
    im->reader = NULL;
    if (rc == 0 && !im->failed && im->file_articles == 0) {
        /* An empty file, or one of records that were all skipped: said, and counted as failed. */
        long skipped = im->t->skipped - skipped_before;
        buf_puts(&err, "no articles in it");
        if (skipped)
            buf_printf(&err, " (%ld %s skipped)", skipped, skipped == 1 ? "record" : "records");
        rc = -1;
    }
    im->bytes_done = bytes_before; /* the file's size, counted on the compressed side */
    struct stat st;
    if (stat(path, &st) == 0)
        im->bytes_done += st.st_size;
    if (rc != 0 || im->failed) {
        /* The file's uncommitted articles go; earlier batches of a very large file stay. */
        release_batch(im);
        db_rollback(im->db);
        db_begin(im->db);
        im->in_batch = 0;
        im->first_new = im->last_new = 0;
        forget_uncommitted(im);
        long files = im->t->files, failed = im->t->failed_files, skipped = im->t->skipped;
        *im->t = im->committed; /* the counts of what is still there */
        im->t->files = files;
        im->t->failed_files = failed + 1;
        im->t->skipped = skipped; /* records skipped were never written, whatever became of it */
        if (im->o->progress_bar)
            fputs("\r\033[K", stderr);
        fprintf(stderr, "%s: not imported: %s\n", path,
                im->failed ? "a database error stopped the import" : buf_str(&err));
    } else if (commit_batch(im) == 0 && !im->o->progress_bar) {
        fprintf(stderr, "%s: %ld %s\n", path, im->file_articles,
                im->file_articles == 1 ? "article" : "articles");
    }
    buf_free(&err);
    draw_progress(im, true);
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether a file found in a folder is one to import: its name ends in .txt, .html, .htm,
 * .jsonl, .ndjson, .xml or .wxr, gzip-compressed (.gz) or not. */
static bool importable_name(const char *path)
{
    static const char *const kinds[] = {".txt",    ".html", ".htm", ".jsonl",
                                        ".ndjson", ".xml",  ".wxr"};
    size_t len = strlen(path);
    if (len > 3 && strcmp(path + len - 3, ".gz") == 0)
        len -= 3;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        size_t k = strlen(kinds[i]);
        if (len > k && strncasecmp(path + len - k, kinds[i], k) == 0)
            return true;
    }
    return false;
}

/* Every file under path (itself when a file), sorted; hidden ones left out, and, inside folders,
 * files of other kinds. A path that cannot be read, and a folder given that holds nothing to
 * import, are said on stderr and counted in *unreadable. */
static void collect(const char *path, bool inside, char ***files, size_t *n, size_t *cap,
                    int64_t *bytes, long *unreadable)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "%s: not imported: %s\n", path, strerror(errno));
        ++*unreadable;
        return;
    }
    if (S_ISREG(st.st_mode)) {
        if (inside && !importable_name(path))
            return; /* a README or a picture beside the archive */
        if (*n == *cap) {
            *cap = *cap ? *cap * 2 : 64;
            *files = xrealloc(*files, *cap * sizeof **files);
        }
        (*files)[(*n)++] = xstrdup(path);
        *bytes += st.st_size;
        return;
    }
    if (!S_ISDIR(st.st_mode)) {
        if (!inside) {
            fprintf(stderr, "%s: not imported: not a file or a folder\n", path);
            ++*unreadable;
        }
        return;
    }
    DIR *d = opendir(path);
    if (!d) {
        fprintf(stderr, "%s: not imported: %s\n", path, strerror(errno));
        ++*unreadable;
        return;
    }
    size_t before = *n;
    char **names = NULL;
    size_t count = 0, size = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        if (count == size) {
            size = size ? size * 2 : 64;
            names = xrealloc(names, size * sizeof *names);
        }
        names[count++] = xstrdup(e->d_name);
    }
    closedir(d);
    qsort(names, count, sizeof *names, compare_names);
    for (size_t i = 0; i < count; i++) {
        struct buf full = BUF_INIT;
        size_t len = strlen(path);
        buf_printf(&full, "%.*s/%s", (int)(len > 1 && path[len - 1] == '/' ? len - 1 : len), path,
                   names[i]);
        collect(full.p, true, files, n, cap, bytes, unreadable);
        buf_free(&full);
        free(names[i]);
    }
    free(names);
    if (!inside && *n == before) {
        fprintf(stderr,
                "%s: not imported: no files to import in it (.txt, .html, .htm, .jsonl, "
                ".ndjson, .xml, .wxr, or any of them .gz)\n",
                path);
        ++*unreadable;
    }
}

int import_paths(struct db *db, char *const *paths, int npaths, const struct import_options *o,
                 struct import_totals *t)
{
    memset(t, 0, sizeof *t);
    struct importer im = {.db = db, .o = o, .t = t, .started = now_seconds()};
    if (o->category) {
        json_t *c;
        if (store_category_find(db, o->category, &c) < 0) {
            fprintf(stderr, "sahifa: the categories could not be read\n");
            return -1;
        }
        im.forced_category = json_integer_value(json_object_get(c, "id"));
        json_decref(c);
        if (!im.forced_category) {
            fprintf(stderr, "sahifa: no category %s\n", o->category);
            return -1;
        }
    }
    char **files = NULL;
    size_t n = 0, cap = 0;
    long unreadable = 0;
    for (int i = 0; i < npaths; i++)
        collect(paths[i], false, &files, &n, &cap, &im.bytes_total, &unreadable);
    t->files = t->failed_files = unreadable;
    im.committed = *t;
    im.dedup = dedup_new();
    im.categories = json_object();
    im.authors = json_object();
    store_fingerprints_each(db, remember, im.dedup);
    im.checkpointer = db_checkpointer_start(db);
    int rc = store_index_bulk(db, true);
    if (rc == DB_OK)
        rc = db_begin(db);
    for (size_t i = 0; rc == DB_OK && i < n && !im.failed; i++)
        import_file(&im, files[i]);
    if (rc == DB_OK)
        db_commit(db);
    store_index_bulk(db, false);
    db_checkpointer_stop(im.checkpointer);
    if (o->progress_bar)
        fputs("\r\033[K", stderr);
    double elapsed = now_seconds() - im.started;
    long done = t->imported + t->updated + t->unchanged;
    fprintf(stderr,
            "%ld files: %ld imported, %ld updated, %ld unchanged, %ld near-duplicates, %ld "
            "skipped, %ld files not imported, %ld made drafts (no date or no text) (%.1f s, "
            "%.0f articles/s)\n",
            t->files, t->imported, t->updated, t->unchanged, t->duplicates, t->skipped,
            t->failed_files, t->drafts, elapsed, elapsed > 0 ? done / elapsed : 0);
    for (size_t i = 0; i < n; i++)
        free(files[i]);
    free(files);
    dedup_free(im.dedup);
    json_decref(im.categories);
    json_decref(im.authors);
    return im.failed || rc != DB_OK ? -1 : 0;
}

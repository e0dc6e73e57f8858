/*
 * comments.c: readers' comments: the posting rules (the article page's form and the API apply
 * the same), whether an article takes comments, and the rendered-comments cache.
 *
 * A post passes, in order: comments open on the article (and not closed by age); the honeypot
 * field empty; the form token genuine, at least 3 seconds and at most 24 hours old; the address
 * and e-mail not blocked; the fields valid (text/comment.c); no blocked word (matched after
 * normalization, so harakat and tatweel do not hide one); then, in one transaction
 * (store_comment_post): the token not used before, the address under its rate limits, the text
 * not posted on the article in the last 24 hours, a reply only to a shown top-level comment. A
 * comment with a link, or every comment when the site says so, waits for a moderator.
 */
#include "view/comments.h"
#include "base/log.h"
#include "base/u64map.h"
#include "store/store.h"
#include "text/bidi.h"
#include "text/comment.h"
#include "text/normalize.h"
#include "view/dates.h"
#include "view/site.h"
#include "web/formtoken.h"

#include <arpa/inet.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { TOKEN_MIN_AGE = 3, TOKEN_MAX_AGE = 24 * 3600 };

/* The rendered-comments cache: an article's comments, made into their model once and reused
 * while its comments_version is unchanged. Direct-mapped on the article id. */
enum { CACHE_SLOTS = 1024, MAX_COMMENTS = 10000 };

static struct {
    int64_t article, version;
    json_t *tree; /* {"count": N, "comments": [...]} */
} cache[CACHE_SLOTS];
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

static json_t *comment_model(json_t *row)
{
    const char *body = json_string_value(json_object_get(row, "body"));
    struct buf html = BUF_INIT;
    comment_html(&html, body, strlen(body));
    json_t *c = json_pack("{s:O, s:O, s:s%}", "id", json_object_get(row, "id"), "name",
                          json_object_get(row, "name"), "body_html", buf_str(&html), html.len);
    buf_free(&html);
    view_set_dates(c, json_integer_value(json_object_get(row, "created_at")));
    json_object_set_new(c, "replies", json_array());
    return c;
}

/* Top-level comments in order, each with its replies; a reply whose parent is not shown is
 * shown on its own. DB_OK and the tree in *tree, or the database's error. */
static int build_tree(struct db *db, int64_t article, json_t **tree)
{
    int64_t total = 0;
    json_t *rows;
    int rc = store_comments_approved(db, article, 0, MAX_COMMENTS, &total, &rows);
    if (rc != DB_OK)
        return rc;
    json_t *top = json_array();
    struct u64map index = U64MAP_INIT; /* comment id -> position in top + 1 */
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        json_t *c = comment_model(row);
        int64_t parent = json_integer_value(json_object_get(row, "parent_id"));
        int64_t *at = parent ? u64map_get(&index, (uint64_t)parent) : NULL;
        if (at) {
            json_array_append_new(json_object_get(json_array_get(top, (size_t)*at - 1), "replies"),
                                  c);
        } else {
            json_array_append_new(top, c);
            *u64map_put(&index, (uint64_t)json_integer_value(json_object_get(row, "id"))) =
                (int64_t)json_array_size(top);
        }
    }
    u64map_free(&index);
    json_decref(rows);
    *tree = json_pack("{s:I, s:o}", "count", (json_int_t)total, "comments", top);
    return DB_OK;
}

int comments_tree(struct db *db, int64_t article, int64_t version, json_t **tree)
{
    *tree = NULL;
    size_t slot = (size_t)article % CACHE_SLOTS;
    pthread_mutex_lock(&cache_lock);
    if (cache[slot].tree && cache[slot].article == article && cache[slot].version == version) {
        *tree = json_incref(cache[slot].tree);
        pthread_mutex_unlock(&cache_lock);
        return DB_OK;
    }
    pthread_mutex_unlock(&cache_lock);
    /* A failed read is never cached: the next view reads again. */
    int rc = build_tree(db, article, tree);
    if (rc != DB_OK)
        return rc;
    pthread_mutex_lock(&cache_lock);
    json_decref(cache[slot].tree);
    cache[slot].article = article;
    cache[slot].version = version;
    cache[slot].tree = json_incref(*tree);
    pthread_mutex_unlock(&cache_lock);
    return DB_OK;
}

bool comments_open(json_t *article, int64_t now)
{
    if (!json_integer_value(json_object_get(article, "comments_open")))
        return false;
    int days = site_get()->close_days;
    int64_t published = json_integer_value(json_object_get(article, "published_at"));
    return days == 0 || now < published + (int64_t)days * 86400;
}

/* True when the IPv4 address lies in the range "a.b.c.d/bits". */
static bool in_range(const char *address, const char *range)
{
    char net[64];
    const char *slash = strchr(range, '/');
    if (!slash || (size_t)(slash - range) >= sizeof net)
        return false;
    snprintf(net, sizeof net, "%.*s", (int)(slash - range), range);
    int bits = atoi(slash + 1);
    struct in_addr a, n;
    if (bits < 0 || bits > 32 || inet_pton(AF_INET, address, &a) != 1 ||
        inet_pton(AF_INET, net, &n) != 1)
        return false;
    uint32_t mask = bits ? htonl(~0u << (32 - bits)) : 0;
    return (a.s_addr & mask) == (n.s_addr & mask);
}

static bool address_blocked(const char *client, const char *email)
{
    size_t i;
    json_t *e;
    json_array_foreach(site_get()->blocked_addresses, i, e) {
        const char *b = json_string_value(e);
        if (strchr(b, '@') ? (email && strcasecmp(email, b) == 0)
                           : (strcmp(client, b) == 0 || in_range(client, b)))
            return true;
    }
    return false;
}

/* True when a blocked word or phrase stands in the text as whole words, once both are
 * normalized. */
static bool has_blocked_word(const char *text)
{
    json_t *words = site_get()->blocked_words;
    if (json_array_size(words) == 0)
        return false;
    struct buf norm = BUF_INIT;
    buf_putc(&norm, ' ');
    ar_normalize(&norm, text, strlen(text));
    buf_putc(&norm, ' ');
    /* Punctuation and line breaks separate words as spaces do. */
    for (size_t k = 0; k < norm.len; k++)
        if ((unsigned char)norm.p[k] < 0x80 &&
            !((norm.p[k] >= 'a' && norm.p[k] <= 'z') || (norm.p[k] >= '0' && norm.p[k] <= '9')))
            norm.p[k] = ' ';
    bool found = false;
    size_t i;
    json_t *w;
    json_array_foreach(words, i, w) {
        char needle[512];
        snprintf(needle, sizeof needle, " %s ", json_string_value(w));
        if (strstr(norm.p, needle)) {
            found = true;
            break;
        }
    }
    buf_free(&norm);
    return found;
}

/* The fingerprint of a text for duplicate detection: its normalized words, hashed. */
static const char *fingerprint(struct req *r, const char *text)
{
    struct buf norm = BUF_INIT;
    ar_normalize(&norm, text, strlen(text));
    uint64_t h = U64_HASH_SEED;
    bool space = true;
    for (size_t k = 0; k < norm.len; k++) {
        bool s = norm.p[k] == ' ' || norm.p[k] == '\n' || norm.p[k] == '\r' || norm.p[k] == '\t';
        if (s && space)
            continue;
        char c = s ? ' ' : norm.p[k];
        h = u64_hash(h, &c, 1);
        space = s;
    }
    buf_free(&norm);
    return arena_printf(&r->arena, "%016llx", (unsigned long long)h);
}

/* Trims a field into the arena ("" for NULL). */
static const char *trimmed(struct req *r, const char *s)
{
    if (!s)
        return "";
    size_t start, n = comment_trim(s, strlen(s), &start);
    return arena_strndup(&r->arena, s + start, n);
}

static int refuse(struct comment_result *out, int status, const char *code, const char *field,
                  const char *message)
{
    out->status = status;
    out->code = code;
    out->field = field;
    out->message = message;
    return -1;
}

int comments_submit(struct req *r, json_t *article, const struct comment_fields *f,
                    struct comment_result *out)
{
    memset(out, 0, sizeof *out);
    const struct site *s = site_get();
    int64_t article_id = json_integer_value(json_object_get(article, "id"));
    if (!comments_open(article, r->now))
        return refuse(out, 403, "comments_closed", NULL, "التعليقات مغلقة على هذا المقال.");
    if (f->honeypot && *f->honeypot)
        return refuse(out, 400, "rejected", NULL, "تعذّر قبول التعليق.");
    const char *nonce;
    time_t issued;
    switch (formtoken_check(&r->arena, f->token, "comment", article_id, r->now, TOKEN_MIN_AGE,
                            TOKEN_MAX_AGE, &nonce, &issued)) {
    case FORMTOKEN_OK: break;
    case FORMTOKEN_TOO_FAST:
        return refuse(out, 400, "too_fast", NULL,
                      "أُرسل التعليق بسرعة كبيرة. انتظر لحظات ثم أعد الإرسال.");
    case FORMTOKEN_EXPIRED:
        return refuse(out, 400, "form_expired", NULL,
                      "انتهت صلاحية النموذج. انسخ تعليقك، وأعد تحميل الصفحة، ثم أرسله.");
    case FORMTOKEN_INVALID:
        return refuse(out, 400, "bad_form", NULL,
                      "النموذج غير صالح. أعد تحميل الصفحة ثم أرسل تعليقك.");
    }
    const char *name = trimmed(r, bidi_stripped(&r->arena, f->name)), *email = trimmed(r, f->email);
    const char *text = trimmed(r, f->text);
    if (address_blocked(r->client, email))
        return refuse(out, 403, "blocked", NULL, "لا يمكن قبول تعليقات من هذا العنوان.");
    struct comment_problem problem;
    if (!comment_check(name, email, text, &problem))
        return refuse(out, 422, "invalid", problem.field, problem.message);
    if (has_blocked_word(name) || has_blocked_word(text))
        return refuse(out, 422, "blocked_word", "text",
                      "يحتوي التعليق على كلمات غير مسموح بها. عدّل النص ثم أرسله.");

    out->held = s->moderate_all || comment_links(text, strlen(text)) > 0;
    struct comment_in in = {
        .article_id = article_id,
        .parent_id = f->parent_id,
        .name = name,
        .email = email,
        .text = text,
        .status = out->held ? "pending" : "approved",
        .client = r->client,
        .fingerprint = fingerprint(r, text),
        .nonce = nonce,
        .nonce_expires = (int64_t)issued + TOKEN_MAX_AGE + 60,
    };
    struct comment_limits limits = {s->per_minute, s->per_hour};
    enum comment_refusal why;
    int rc = store_comment_post(r->db, &in, &limits, r->now, &out->id, &why);
    if (rc != DB_OK) {
        log_error("comment on article %lld not stored", (long long)article_id);
        return refuse(out, rc == DB_BUSY ? 503 : 500, "unavailable", NULL,
                      "تعذّر حفظ التعليق الآن. حاول بعد قليل.");
    }
    switch (why) {
    case COMMENT_OK: return 0;
    case COMMENT_REPLAYED: return refuse(out, 409, "replayed", NULL, "أُرسل هذا النموذج من قبل.");
    case COMMENT_RATE_MINUTE:
        out->retry_after = 60;
        return refuse(out, 429, "rate_limited", NULL,
                      "أرسلت تعليقات كثيرة في دقيقة واحدة. انتظر دقيقة ثم حاول من جديد.");
    case COMMENT_RATE_HOUR:
        out->retry_after = 3600;
        return refuse(out, 429, "rate_limited", NULL,
                      "أرسلت تعليقات كثيرة في ساعة واحدة. حاول لاحقًا.");
    case COMMENT_DUPLICATE:
        return refuse(out, 409, "duplicate", "text", "أرسلت هذا التعليق على هذا المقال من قبل.");
    case COMMENT_BAD_PARENT:
        return refuse(out, 422, "bad_parent", NULL, "لا يمكن الرد على هذا التعليق.");
    }
    return 0;
}

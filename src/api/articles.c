/*
 * articles.c: articles over the API (docs/API.md).
 *
 *   GET   /api/v1/articles?category=&topic=&author=&since=&q=&page=&per_page=   live articles,
 *         newest first, as cards (view_card()); q runs the site's search (with category only)
 *   GET   /api/v1/articles/{id}     a live article as its page gets it (view_article_model())
 *   POST  /api/v1/articles          a new article (bearer token, CAP_WRITE): 201 and Location
 *   PATCH /api/v1/articles/{id}     some of an article's fields; the old version is kept as a
 *                                   revision, as the newsroom's editor keeps it; with If-Match,
 *                                   only when the article is still as the client read it (its
 *                                   ETag), 412 otherwise
 *
 * Writes take the fields below and store them under the newsroom's rules
 * (view_article_check()): who may give which status (a writer drafts or sends for review, 403
 * otherwise), status and time together, lengths, the category. A writer patches only their own
 * drafts (view_article_editable()).
 */
#include "api/api.h"
#include "base/buf.h"
#include "store/store.h"
#include "text/ardate.h"
#include "text/bidi.h"
#include "text/comment.h"
#include "view/article.h"
#include "view/card.h"
#include "view/fail.h"
#include "view/rules.h"
#include "view/site.h"
#include "view/url.h"

#include <string.h>

/* Reads ?since=: RFC 3339 or UTC seconds (0: absent). Returns 0, or -1 after req_fail(). */
static int since_arg(struct req *r, int64_t *since)
{
    const char *s = req_query(r, "since");
    *since = 0;
    if (!s)
        return 0;
    size_t n = strlen(s);
    if (n && n <= 15 && strspn(s, "0123456789") == n) {
        *since = strtoll(s, NULL, 10);
        return 0;
    }
    if (iso_datetime_parse(s, since))
        return 0;
    return req_fail(r, 400, "bad_since",
                    "since وقت بصيغة RFC 3339 (2026-01-31T09:00:00+03:00) أو بالثواني منذ 1970.");
}

int api_articles(struct req *r)
{
    static const char *const args[] = {"category", "topic", "author", "since", "q", NULL};
    int page, per_page;
    struct article_filter f = {0};
    if (api_paging(r, site_get()->per_page, &page, &per_page) != 0 ||
        api_slug_arg(r, "category", store_category_by_slug, "unknown_category",
                     "لا يوجد قسم بهذا الاسم.", &f.category_id) != 0 ||
        api_slug_arg(r, "topic", store_topic_by_slug, "unknown_topic", "لا يوجد موضوع بهذا الاسم.",
                     &f.topic_id) != 0 ||
        api_slug_arg(r, "author", store_author_by_slug, "unknown_author",
                     "لا يوجد كاتب بهذا الاسم.", &f.author_id) != 0 ||
        since_arg(r, &f.since) != 0)
        return -1;

    const char *q = req_query(r, "q");
    json_t *articles;
    int64_t total = 0;
    if (q) {
        if (f.topic_id || f.author_id || f.since)
            return req_fail(r, 400, "unsupported_filter",
                            "البحث (q) يجتمع مع القسم (category) وحده، لا مع topic أو author أو "
                            "since.");
        json_t *found = api_search_run(r, q, f.category_id, true, page, per_page);
        if (!found)
            return -1;
        total = json_integer_value(json_object_get(found, "total"));
        articles = json_incref(json_object_get(found, "results"));
        json_decref(found);
    } else {
        int rc = store_articles_latest(r->db, &f, r->now, (page - 1) * per_page, per_page, &total,
                                       &articles);
        if (rc != DB_OK)
            return view_fail_db(r, rc);
        view_cards(articles);
    }
    json_t *out = json_pack("{s:o, s:i, s:i, s:I}", "articles", articles, "page", page, "per_page",
                            per_page, "total", (json_int_t)total);
    api_links(r, out, "/api/v1/articles", api_query_args(r, args), page, per_page, total);
    return api_reply(r, 200, out);
}

/* The article model (view_article_model()) without what only the server uses. Takes a's
 * reference; returns {"article": model}, or NULL after view_fail_db(). */
static json_t *article_out(struct req *r, json_t *a)
{
    json_t *tree = view_article_model(r, a);
    if (!tree) {
        json_decref(a);
        return NULL;
    }
    json_decref(tree);
    json_object_del(a, "import_key");
    json_object_del(a, "comments_version");
    return json_pack("{s:o}", "article", a);
}

int api_article(struct req *r)
{
    json_t *a = api_live_article(r);
    json_t *out = a ? article_out(r, a) : NULL;
    return out ? api_reply(r, 200, out) : -1;
}

/* The fields a write may send. */
static const char *const fields[] = {
    "title",  "dek",          "body",     "slug",      "source",       "category", "topics",
    "status", "published_at", "image_id", "seo_title", "social_title", NULL};

/* A 422 for one field. Returns -1. */
static int invalid(struct req *r, const char *field, const char *message)
{
    r->error_field = field;
    return req_fail(r, 422, "invalid", message);
}

/* A text field trimmed of spaces at both ends and without directional controls (as the
 * editor's form fields are, but the body), into *out. Returns 0, or -1 after invalid(). */
static int text_field(struct req *r, const char *name, json_t *v, const char **out)
{
    if (!json_is_string(v))
        return invalid(r, name, arena_printf(&r->arena, "الحقل %s نص.", name));
    const char *s = json_string_value(v);
    size_t start = 0, n = json_string_length(v);
    if (strcmp(name, "body") != 0) {
        s = bidi_stripped(&r->arena, s);
        n = comment_trim(s, strlen(s), &start);
    }
    *out = arena_strndup(&r->arena, s + start, n);
    return 0;
}

/* topics: an array of names, none holding a comma (the editor's list separator), into the
 * comma-separated text the rules read. */
static int topics_field(struct req *r, json_t *v, const char **out)
{
    if (!json_is_array(v))
        return invalid(r, "topics", "الحقل topics قائمة أسماء (مصفوفة نصوص).");
    struct buf b = BUF_INIT;
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e) {
        const char *name = json_string_value(e);
        if (!name || strpbrk(name, ",\n") || strstr(name, "،")) {
            buf_free(&b);
            return invalid(r, "topics", "كل موضوع نص بلا فاصلة.");
        }
        buf_printf(&b, "%s%s", i ? ", " : "", name);
    }
    *out = bidi_stripped(&r->arena, arena_strdup(&r->arena, buf_str(&b)));
    buf_free(&b);
    return 0;
}

/* category: a slug, or null or "" for none; an unknown slug is left for the rules to refuse,
 * as -1 (an id no category has). */
static int category_field(struct req *r, json_t *v, int64_t *out)
{
    if (json_is_null(v) || (json_is_string(v) && !json_string_length(v))) {
        *out = 0;
        return 0;
    }
    if (!json_is_string(v))
        return invalid(r, "category", "الحقل category رابط القسم (نص).");
    json_t *c;
    int rc = store_category_by_slug(r->db, json_string_value(v), &c);
    if (rc < 0)
        return view_fail_db(r, rc);
    *out = c ? json_integer_value(json_object_get(c, "id")) : -1;
    json_decref(c);
    return 0;
}

/* published_at: RFC 3339 or UTC seconds, or null or "" for none; anything else is left for
 * the rules to refuse, as -1. */
static void time_field(json_t *v, int64_t *out)
{
    if (json_is_null(v) || (json_is_string(v) && !json_string_length(v)))
        *out = 0;
    else if (json_is_integer(v))
        *out = json_integer_value(v) > 0 ? json_integer_value(v) : -1;
    else if (!json_is_string(v) || !iso_datetime_parse(json_string_value(v), out))
        *out = -1;
}

/* Reads the body's fields over f (fields not sent keep what f holds). Returns 0, or -1 after
 * req_fail(): 400 naming unknown fields, 422 for a field of the wrong type, view_fail_db(). */
static int read_fields(struct req *r, json_t *body, struct article_fields *f)
{
    struct buf unknown = BUF_INIT;
    const char *key;
    json_t *v;
    json_object_foreach(body, key, v) {
        bool known = false;
        for (size_t i = 0; fields[i]; i++)
            known |= strcmp(key, fields[i]) == 0;
        if (!known) {
            if (!unknown.len)
                r->error_field = arena_strdup(&r->arena, key);
            buf_printf(&unknown, "%s%s", unknown.len ? "، " : "", key);
        }
    }
    if (unknown.len) {
        const char *message = arena_printf(&r->arena, "حقول غير معروفة: %s.", buf_str(&unknown));
        buf_free(&unknown);
        return req_fail(r, 400, "unknown_field", message);
    }
    buf_free(&unknown);
    const struct {
        const char *name, **to;
    } texts[] = {
        {"title", &f->title},         {"dek", &f->dek},
        {"body", &f->body},           {"slug", &f->slug},
        {"source", &f->source},       {"status", &f->status},
        {"seo_title", &f->seo_title}, {"social_title", &f->social_title},
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        if ((v = json_object_get(body, texts[i].name)) &&
            text_field(r, texts[i].name, v, texts[i].to) != 0)
            return -1;
    if ((v = json_object_get(body, "topics")) && topics_field(r, v, &f->topics) != 0)
        return -1;
    if ((v = json_object_get(body, "category")) && category_field(r, v, &f->category) != 0)
        return -1;
    if ((v = json_object_get(body, "published_at")))
        time_field(v, &f->published_at);
    if ((v = json_object_get(body, "image_id"))) {
        if (!json_is_null(v) && !json_is_integer(v))
            return invalid(r, "image_id", "الحقل image_id رقم صورة من المكتبة، أو null.");
        f->image = json_is_null(v) ? 0 : json_integer_value(v) > 0 ? json_integer_value(v) : -1;
    }
    return 0;
}

/* The fields of a stored article, for a PATCH to change some of. */
static struct article_fields fields_of(struct req *r, json_t *a)
{
    /* Every byline is kept: a PATCH does not change who wrote the article. */
    json_t *authors = json_object_get(a, "authors");
    size_t nbylines = json_array_size(authors);
    int64_t *bylines = arena_alloc(&r->arena, (nbylines + 1) * sizeof *bylines);
    for (size_t k = 0; k < nbylines; k++)
        bylines[k] = json_integer_value(json_object_get(json_array_get(authors, k), "id"));
    struct article_fields f = {
        .title = json_string_value(json_object_get(a, "title")),
        .dek = json_string_value(json_object_get(a, "dek")),
        .body = json_string_value(json_object_get(a, "body")),
        .slug = json_string_value(json_object_get(a, "slug")),
        .source = json_string_value(json_object_get(a, "source")),
        .status = json_string_value(json_object_get(a, "status")),
        .seo_title = json_string_value(json_object_get(a, "seo_title")),
        .social_title = json_string_value(json_object_get(a, "social_title")),
        .published_at = json_integer_value(json_object_get(a, "published_at")),
        .category = json_integer_value(json_object_get(json_object_get(a, "category"), "id")),
        .image = json_integer_value(json_object_get(a, "image_id")),
        .author = json_integer_value(json_object_get(json_object_get(a, "author"), "id")),
        .authors = bylines,
        .nauthors = nbylines,
        .comments_closed = !json_integer_value(json_object_get(a, "comments_open")),
    };
    json_t *names = json_array();
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(a, "topics"), i, t) {
        json_array_append(names, json_object_get(t, "name"));
    }
    topics_field(r, names, &f.topics);
    json_decref(names);
    return f;
}

static int stale(struct req *r);

/* Applies the rules to f and stores it: a new article (id 0, its id then in *id) or a new
 * version of *id, made from version base (0: not checked). Returns 0, or -1 after req_fail():
 * 403 for a status the user may not give, 422 naming the first field at fault, 412 when the
 * article is no longer at version base, 503 or 500 when the database fails. */
static int save(struct req *r, const struct article_fields *f, int64_t *id, int64_t base)
{
    if (store_article_status_valid(f->status) && !view_may_use_status(r, f->status)) {
        r->error_field = "status";
        return req_fail(r, 403, "forbidden",
                        "لا يمكنك نشر المقال أو جدولته أو إلغاء نشره: أرسله للمراجعة (review).");
    }
    json_t *errors = json_array();
    struct article_in in;
    if (view_article_check(r, f, &in, errors) != 0) {
        json_decref(errors);
        return -1;
    }
    if (json_array_size(errors)) {
        json_t *first = json_array_get(errors, 0);
        const char *field = json_string_value(json_object_get(first, "field"));
        const char *message = json_string_value(json_object_get(first, "message"));
        invalid(r, arena_strdup(&r->arena, field), arena_strdup(&r->arena, message));
        json_decref(errors);
        return -1;
    }
    json_decref(errors);
    in.base_version = base;
    int rc = *id ? store_article_update(r->db, *id, &in, r->user->id, r->now)
                 : store_article_add(r->db, &in, r->now, id);
    if (rc == STORE_STALE)
        return stale(r);
    if (rc != DB_OK)
        return req_fail(r, rc == DB_BUSY ? 503 : 500, "save_failed",
                        "تعذّر حفظ المقال الآن. لم يتغيّر شيء؛ حاول بعد قليل.");
    return 0;
}

/* Answers with the article as stored now, with its ETag (GET gives the same one for the same
 * representation: the hash of these bytes), for the next write's If-Match. */
static int stored(struct req *r, int64_t id, int status)
{
    json_t *a;
    int rc = store_article_get(r->db, id, &a);
    if (rc != DB_OK)
        return view_fail_db(r, rc < 0 ? rc : DB_ERROR);
    json_t *out = article_out(r, a);
    if (!out)
        return -1;
    api_reply(r, status, out);
    req_add_header(r, "ETag", req_etag(r, r->out.p, r->out.len));
    return 0;
}

/* The ETag of article a's representation (what GET, POST and PATCH answer with), made from a
 * copy so a is left as it is; NULL after req_fail() when the database fails. */
static const char *etag_of(struct req *r, json_t *a)
{
    json_t *out = article_out(r, json_deep_copy(a));
    if (!out)
        return NULL;
    api_reply(r, 200, out);
    const char *etag = req_etag(r, r->out.p, r->out.len);
    buf_reset(&r->out);
    return etag;
}

/* True when If-Match (a list of strong tags, or "*") names etag. Weak tags never match, as RFC
 * 9110 has it for If-Match. A tag a compressed answer carried (the same hash with "-gz" or
 * "-br" before the closing quote, web/encode.h) names the same representation. */
static bool if_match(const char *header, const char *etag)
{
    size_t len = strlen(etag);
    for (const char *p = header; *p;) {
        p += strspn(p, " \t,");
        if (*p == '*')
            return true;
        size_t n = strcspn(p, ",");
        while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
            n--;
        if (n == len && strncmp(p, etag, n) == 0)
            return true;
        if (n == len + 3 && strncmp(p, etag, len - 1) == 0 && p[n - 1] == '"' &&
            (strncmp(p + len - 1, "-gz", 3) == 0 || strncmp(p + len - 1, "-br", 3) == 0))
            return true;
        p += strcspn(p, ",");
    }
    return false;
}

/* 412: the article changed since the client read it. */
static int stale(struct req *r)
{
    return req_fail(r, 412, "precondition_failed",
                    "تغيّر المقال منذ قرأته (If-Match لا يطابق نسخته الحالية). اقرأه من جديد ثم "
                    "أرسل تعديلك.");
}

int api_article_create(struct req *r)
{
    json_t *body = api_body(r);
    if (!body)
        return -1;
    struct article_fields f = {.seo_title = "",
                               .social_title = "",
                               .title = "",
                               .dek = "",
                               .body = "",
                               .slug = "",
                               .source = "",
                               .status = "draft",
                               .topics = ""};
    int64_t id = 0;
    int rc = read_fields(r, body, &f) == 0 ? save(r, &f, &id, 0) : -1;
    json_decref(body);
    if (rc != 0)
        return -1;
    req_add_header(
        r, "Location",
        view_absolute_uri(r, arena_printf(&r->arena, "/api/v1/articles/%lld", (long long)id)));
    return stored(r, id, 201);
}

int api_article_update(struct req *r)
{
    int64_t id = view_parse_id(req_param(r, "id"));
    json_t *a = view_article_editable(r, id);
    if (!a)
        return -1;
    json_t *body = api_body(r);
    if (!body) {
        json_decref(a);
        return -1;
    }
    /* If-Match: the write applies only to the version the client read (its ETag); the
     * version it names is then also checked inside the write's transaction. */
    const char *match = req_header(r, "If-Match");
    int64_t base = 0;
    if (match) {
        const char *etag = etag_of(r, a);
        if (!etag || !if_match(match, etag)) {
            json_decref(body);
            json_decref(a);
            return etag ? stale(r) : -1;
        }
        base = json_integer_value(json_object_get(a, "version"));
    }
    struct article_fields f = fields_of(r, a);
    int rc = read_fields(r, body, &f) == 0 ? save(r, &f, &id, base) : -1;
    json_decref(body);
    json_decref(a);
    return rc != 0 ? -1 : stored(r, id, 200);
}

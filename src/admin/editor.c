/*
 * editor.c: writing and editing articles (/admin/articles/new, /admin/articles/{id}/edit).
 *
 * One form for both. "Preview" renders the Markdown without saving; "save" checks the fields
 * with the rules every way of storing an article shares (view/rules.c: who may give which status,
 * status and time together), and stores the article (a new one, or the new version of one, the
 * old kept as a revision). A writer can no longer edit an article an editor has scheduled or
 * published (view_article_editable()); editors and admins edit every article and choose its author.
 */
#include "admin/admin.h"
#include "store/store.h"
#include "text/markdown.h"
#include "view/choices.h"
#include "view/fail.h"
#include "view/image.h"
#include "view/rules.h"
#include "view/url.h"
#include "web/auth.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* The form as sent or as loaded: strings as the fields show them. */
struct form {
    const char *title, *dek, *body, *slug, *topics, *source, *published_at, *status;
    const char *image_id; /* the featured image's number in the library, "" for none */
    int64_t category, author;
};

/* The datetime-local value of a time, in the site's time zone. */
static const char *local_time(struct req *r, int64_t t)
{
    if (!t)
        return "";
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    char s[32];
    strftime(s, sizeof s, "%Y-%m-%dT%H:%M", &tm);
    return arena_strdup(&r->arena, s);
}

/* Parses a datetime-local value (seconds optional) in the site's time zone: 0 for "", -1 when
 * malformed. */
static int64_t parse_local_time(const char *s)
{
    if (!*s)
        return 0;
    struct tm tm = {0};
    char rest;
    int n = sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%c", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                   &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &rest);
    size_t len = strlen(s);
    if (!((n == 5 && len == 16) || (n == 6 && len == 19)) || tm.tm_sec > 59 || tm.tm_year < 1900 ||
        tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
        tm.tm_min > 59)
        return -1;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    tm.tm_isdst = -1;
    time_t t = mktime(&tm);
    return t == (time_t)-1 ? -1 : (int64_t)t;
}

static struct form form_of_article(struct req *r, json_t *a)
{
    struct form f = {0};
    f.title = json_string_value(json_object_get(a, "title"));
    f.dek = json_string_value(json_object_get(a, "dek"));
    f.body = json_string_value(json_object_get(a, "body"));
    f.slug = json_string_value(json_object_get(a, "slug"));
    f.source = json_string_value(json_object_get(a, "source"));
    f.status = json_string_value(json_object_get(a, "status"));
    f.published_at = local_time(r, json_integer_value(json_object_get(a, "published_at")));
    f.category = json_integer_value(json_object_get(json_object_get(a, "category"), "id"));
    int64_t image = json_integer_value(json_object_get(a, "image_id"));
    f.image_id = image ? arena_printf(&r->arena, "%lld", (long long)image) : "";
    f.author = json_integer_value(json_object_get(json_object_get(a, "author"), "id"));
    struct buf topics = BUF_INIT;
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(a, "topics"), i, t) {
        buf_printf(&topics, "%s%s", i ? "، " : "", json_string_value(json_object_get(t, "name")));
    }
    f.topics = arena_strdup(&r->arena, buf_str(&topics));
    buf_free(&topics);
    return f;
}

static struct form form_of_request(struct req *r)
{
    struct form f = {
        .title = admin_field(r, "title"),
        .dek = admin_field(r, "dek"),
        .body = req_form(r, "body") ? req_form(r, "body") : "",
        .slug = admin_field(r, "slug"),
        .topics = admin_field(r, "topics"),
        .source = admin_field(r, "source"),
        .published_at = admin_field(r, "published_at"),
        .status = admin_field(r, "status"),
        .image_id = admin_field(r, "image_id"),
        .category = view_parse_id(req_form(r, "category")),
        .author = view_parse_id(req_form(r, "author")),
    };
    if (!(r->user->caps & CAP_EDIT))
        f.author = r->user->id; /* a writer writes under their own name */
    return f;
}

static int show(struct req *r, int64_t id, const struct form *f, json_t *errors, bool preview)
{
    bool choose = r->user->caps & CAP_EDIT;
    json_t *categories = NULL, *authors = NULL;
    int rc;
    if ((rc = store_categories(r->db, &categories)) != DB_OK ||
        (choose && (rc = store_users(r->db, &authors)) != DB_OK)) {
        json_decref(categories);
        json_decref(errors);
        return view_fail_db(r, rc);
    }
    json_t *m = admin_model(r, id ? "تعديل مقال" : "مقال جديد", id ? "articles" : "new");
    json_t *e = json_object();
    json_object_set_new(e, "is_new", json_boolean(!id));
    json_object_set_new(e, "action",
                        id ? json_sprintf("/admin/articles/%lld/edit", (long long)id)
                           : json_string("/admin/articles/new"));
    if (id) {
        json_object_set_new(e, "id", json_integer(id));
        json_object_set_new(e, "revisions_url",
                            json_sprintf("/admin/articles/%lld/revisions", (long long)id));
        if (f->status && strcmp(f->status, "published") == 0)
            json_object_set_new(e, "view_url", json_sprintf("/a/%lld", (long long)id));
    }
    json_object_set_new(e, "fields",
                        json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "title",
                                  f->title ? f->title : "", "dek", f->dek ? f->dek : "", "body",
                                  f->body ? f->body : "", "slug", f->slug ? f->slug : "", "topics",
                                  f->topics ? f->topics : "", "source", f->source ? f->source : "",
                                  "published_at", f->published_at ? f->published_at : ""));
    json_object_set_new(e, "image_id", json_string(f->image_id ? f->image_id : ""));
    json_object_set_new(e, "categories", view_choices(categories, f->category));
    json_object_set_new(e, "can_choose_author", json_boolean(choose));
    if (choose)
        json_object_set_new(e, "authors",
                            view_choices(authors, f->author ? f->author : r->user->id));
    json_object_set_new(e, "statuses", admin_status_options(r, f->status));
    if (errors && json_array_size(errors)) {
        json_object_set(e, "errors", errors);
        admin_error(m, "لم يُحفظ المقال: صحّح ما يلي ثم احفظ من جديد.");
    }
    json_decref(errors);
    if (preview) {
        struct buf html = BUF_INIT;
        struct markdown_media media = {view_media_markdown, r};
        markdown_html_media(&html, f->body, strlen(f->body), &media);
        json_object_set_new(e, "preview",
                            json_pack("{s:s, s:s, s:s%}", "title", f->title, "dek", f->dek,
                                      "body_html", buf_str(&html), html.len));
        buf_free(&html);
    }
    json_object_set_new(m, "editor", e);
    return admin_render(r, "admin-editor", m);
}

/* Checks the form with the shared rules (view/rules.c); fills in an article_in, or problems in
 * errors. Returns 0, or -1 after view_fail_db(). */
static int check(struct req *r, const struct form *f, bool comments_closed, struct article_in *in,
                 json_t *errors)
{
    struct article_fields a = {
        .title = f->title,
        .dek = f->dek,
        .body = f->body,
        .slug = f->slug,
        .source = f->source,
        .status = f->status,
        .topics = f->topics,
        .published_at = parse_local_time(f->published_at),
        .category = f->category,
        .author = f->author,
        .image = !f->image_id || !*f->image_id ? 0
                 : view_parse_id(f->image_id)  ? view_parse_id(f->image_id)
                                               : -1,
        .comments_closed = comments_closed,
    };
    return view_article_check(r, &a, in, errors);
}

int admin_editor_new(struct req *r)
{
    struct form f = {.status = "draft", .author = r->user->id};
    return show(r, 0, &f, NULL, false);
}

int admin_editor(struct req *r)
{
    int64_t id = view_parse_id(req_param(r, "id"));
    json_t *a = view_article_editable(r, id);
    if (!a)
        return -1;
    struct form f = form_of_article(r, a);
    int rc = show(r, id, &f, NULL, false);
    json_decref(a);
    return rc;
}

/* Create (id 0) or save, keeping whether comments were closed. */
static int save(struct req *r, int64_t id, bool comments_closed)
{
    struct form f = form_of_request(r);
    if (strcmp(admin_field(r, "do"), "preview") == 0)
        return show(r, id, &f, NULL, true);
    json_t *errors = json_array();
    struct article_in in;
    if (check(r, &f, comments_closed, &in, errors) != 0) {
        json_decref(errors);
        return -1;
    }
    if (json_array_size(errors)) {
        r->status = 422;
        return show(r, id, &f, errors, false);
    }
    json_decref(errors);
    int rc = id ? store_article_update(r->db, id, &in, r->user->id, r->now)
                : store_article_add(r->db, &in, r->now, &id);
    if (rc != DB_OK)
        return req_fail(r, rc == DB_BUSY ? 503 : 500, "save_failed",
                        "تعذّر حفظ المقال الآن. لم يتغيّر شيء؛ حاول بعد قليل.");
    bool created = !req_param(r, "id");
    return admin_done(r, arena_printf(&r->arena, "/admin/articles/%lld/edit", (long long)id),
                      created ? "created" : "saved");
}

int admin_editor_create(struct req *r)
{
    return save(r, 0, false);
}

int admin_editor_save(struct req *r)
{
    int64_t id = view_parse_id(req_param(r, "id"));
    json_t *a = view_article_editable(r, id);
    if (!a)
        return -1;
    bool closed = !json_integer_value(json_object_get(a, "comments_open"));
    json_decref(a);
    return save(r, id, closed);
}

/*
 * editor.c: writing and editing articles (/admin/articles/new, /admin/articles/{id}/edit).
 *
 * One form for both. "Preview" renders the Markdown without saving; "save" checks the fields
 * with the rules every way of storing an article shares (view/rules.c: who may give which status,
 * status and time together), and stores the article (a new one, or the new version of one, the
 * old kept as a revision). A writer can no longer edit an article an editor has scheduled or
 * published (view_article_editable()); editors and admins edit every article and choose its author.
 *
 * Nothing typed is lost. The form carries the version of the article it was loaded from; a save
 * over a newer version is not written but shown as a conflict, both versions side by side with
 * a merge (conflict.c). A save that finds the session or the form expired is kept as the user's
 * recovery draft (recover.c), as is the form every 30 seconds while the page's script runs;
 * opening the editor again offers the draft, and saving the article forgets it.
 */
#include "admin/admin.h"
#include "store/store.h"
#include "text/markdown.h"
#include "view/choices.h"
#include "view/dates.h"
#include "view/fail.h"
#include "view/image.h"
#include "view/rules.h"
#include "view/url.h"
#include "web/auth.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

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

/* The string at key ("" when there is none), copied into the arena. */
static const char *text_of(struct req *r, json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return arena_strdup(&r->arena, s ? s : "");
}

struct article_form admin_form_of_article(struct req *r, json_t *a)
{
    struct article_form f = {0};
    f.title = text_of(r, a, "title");
    f.dek = text_of(r, a, "dek");
    f.body = text_of(r, a, "body");
    f.slug = text_of(r, a, "slug");
    f.source = text_of(r, a, "source");
    f.status = text_of(r, a, "status");
    f.seo_title = text_of(r, a, "seo_title");
    f.social_title = text_of(r, a, "social_title");
    f.published_at = local_time(r, json_integer_value(json_object_get(a, "published_at")));
    f.category = json_integer_value(json_object_get(json_object_get(a, "category"), "id"));
    size_t k;
    json_t *author;
    json_array_foreach(json_object_get(a, "authors"), k, author) {
        if (k < VIEW_MAX_AUTHORS)
            f.authors[k] = json_integer_value(json_object_get(author, "id"));
    }
    f.version = json_integer_value(json_object_get(a, "version"));
    int64_t image = json_integer_value(json_object_get(a, "image_id"));
    f.image_id = image ? arena_printf(&r->arena, "%lld", (long long)image) : "";
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

/* A writer writes under their own name, alone. */
static void writer_byline(struct req *r, struct article_form *f)
{
    if (!r->user || (r->user->caps & CAP_EDIT))
        return;
    memset(f->authors, 0, sizeof f->authors);
    f->authors[0] = r->user->id;
}

struct article_form admin_form_of_request(struct req *r)
{
    struct article_form f = {
        .title = admin_field(r, "title"),
        .dek = admin_field(r, "dek"),
        .body = req_form(r, "body") ? req_form(r, "body") : "",
        .slug = admin_field(r, "slug"),
        .topics = admin_field(r, "topics"),
        .source = admin_field(r, "source"),
        .published_at = admin_field(r, "published_at"),
        .status = admin_field(r, "status"),
        .seo_title = admin_field(r, "seo_title"),
        .social_title = admin_field(r, "social_title"),
        .image_id = admin_field(r, "image_id"),
        .category = view_parse_id(req_form(r, "category")),
        .version = view_parse_id(req_form(r, "version")),
    };
    for (int i = 0; i < VIEW_MAX_AUTHORS; i++)
        f.authors[i] =
            view_parse_id(req_form(r, i ? arena_printf(&r->arena, "author_%d", i + 1) : "author"));
    writer_byline(r, &f);
    return f;
}

json_t *admin_form_json(const struct article_form *f)
{
    json_t *authors = json_array();
    for (int i = 0; i < VIEW_MAX_AUTHORS; i++)
        json_array_append_new(authors, json_integer(f->authors[i]));
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:o, s:I}",
                     "title", f->title, "dek", f->dek, "body", f->body, "slug", f->slug, "topics",
                     f->topics, "source", f->source, "published_at", f->published_at, "status",
                     f->status, "seo_title", f->seo_title, "social_title", f->social_title,
                     "image_id", f->image_id, "category", (json_int_t)f->category, "authors",
                     authors, "version", (json_int_t)f->version);
}

struct article_form admin_form_of_json(struct req *r, json_t *j)
{
    struct article_form f = {
        .title = text_of(r, j, "title"),
        .dek = text_of(r, j, "dek"),
        .body = text_of(r, j, "body"),
        .slug = text_of(r, j, "slug"),
        .topics = text_of(r, j, "topics"),
        .source = text_of(r, j, "source"),
        .published_at = text_of(r, j, "published_at"),
        .status = text_of(r, j, "status"),
        .seo_title = text_of(r, j, "seo_title"),
        .social_title = text_of(r, j, "social_title"),
        .image_id = text_of(r, j, "image_id"),
        .category = json_integer_value(json_object_get(j, "category")),
        .version = json_integer_value(json_object_get(j, "version")),
    };
    for (int i = 0; i < VIEW_MAX_AUTHORS; i++)
        f.authors[i] = json_integer_value(json_array_get(json_object_get(j, "authors"), i));
    return f;
}

/* Where the editor of article id (0: a new one) lives, and its form's helpers post. */
static const char *editor_path(struct req *r, int64_t id, const char *suffix)
{
    return id ? arena_printf(&r->arena, "/admin/articles/%lld%s", (long long)id, suffix)
              : arena_printf(&r->arena, "/admin/articles/new%s", suffix);
}

/* The notice of a recovery draft the user has for this article and is not looking at.
 * Returns 0, or the database's error. */
static int offer_draft(struct req *r, int64_t id, json_t *e)
{
    json_t *draft;
    int rc = store_draft_get(r->db, r->user->id, id, &draft);
    if (rc != DB_OK)
        return rc == DB_DONE ? DB_OK : rc;
    json_object_set_new(e, "draft",
                        json_pack("{s:s, s:s, s:s}", "when", admin_when_of(r, draft, "saved_at"),
                                  "recover_url",
                                  editor_path(r, id, id ? "/edit?recover=1" : "?recover=1"),
                                  "discard_action", editor_path(r, id, "/draft/discard")));
    json_decref(draft);
    return DB_OK;
}

/* The editor's live coverage panel: whether the article is live, its updates newest first
 * (each with its delete form), and the forms to start, stop and add; NULL on a database error
 * (in *rc). */
static json_t *live_model(struct req *r, int64_t id, int *rc)
{
    json_t *a, *items;
    if ((*rc = store_article_get(r->db, id, &a)) != DB_OK)
        return NULL;
    bool on = json_integer_value(json_object_get(a, "live")) != 0;
    json_decref(a);
    if ((*rc = store_live_updates(r->db, id, 0, &items)) != DB_OK)
        return NULL;
    size_t i;
    json_t *u;
    json_array_foreach(items, i, u) {
        int64_t uid = json_integer_value(json_object_get(u, "id"));
        admin_set_when(r, u, "when", "created_at");
        json_object_set_new(
            u, "delete_action",
            json_string(editor_path(
                r, id, arena_printf(&r->arena, "/updates/%lld/delete", (long long)uid))));
    }
    return json_pack("{s:b, s:o, s:s, s:s}", "on", on, "items", items, "action",
                     editor_path(r, id, "/live"), "add_action", editor_path(r, id, "/updates"));
}

int admin_editor_show(struct req *r, int64_t id, const struct article_form *f, json_t *errors,
                      json_t *extra)
{
    bool choose = r->user->caps & CAP_EDIT;
    json_t *categories = NULL, *people = NULL, *corrections = NULL, *live = NULL;
    int rc;
    if ((rc = store_categories(r->db, &categories)) != DB_OK ||
        (choose && (rc = store_users(r->db, &people)) != DB_OK) ||
        (id && choose && (rc = store_corrections(r->db, id, &corrections)) != DB_OK) ||
        (id && choose && !(live = live_model(r, id, &rc)))) {
        json_decref(categories);
        json_decref(people);
        json_decref(corrections);
        json_decref(errors);
        json_decref(extra);
        return view_fail_db(r, rc);
    }
    json_t *m = admin_model(r, id ? "تعديل مقال" : "مقال جديد", id ? "articles" : "new");
    json_t *e = json_object();
    json_object_set_new(e, "is_new", json_boolean(!id));
    json_object_set_new(e, "action", json_string(editor_path(r, id, id ? "/edit" : "")));
    json_object_set_new(e, "autosave_action", json_string(editor_path(r, id, "/autosave")));
    json_object_set_new(e, "version", json_integer(f->version));
    if (id) {
        json_object_set_new(e, "id", json_integer(id));
        json_object_set_new(e, "revisions_url",
                            json_sprintf("/admin/articles/%lld/revisions", (long long)id));
        if (strcmp(f->status, "published") == 0)
            json_object_set_new(e, "view_url", json_sprintf("/a/%lld", (long long)id));
    }
    if (corrections) {
        size_t i;
        json_t *c;
        json_array_foreach(corrections, i, c) {
            admin_set_when(r, c, "when", "created_at");
        }
        json_object_set_new(e, "corrections",
                            json_pack("{s:o, s:s}", "items", corrections, "action",
                                      editor_path(r, id, "/corrections")));
    }
    if (live)
        json_object_set_new(e, "live", live);
    json_object_set_new(e, "stats", admin_text_stats(r, f->body));
    json_object_set_new(e, "address",
                        json_string(admin_address(r, "article", id, f->slug, f->title)));
    json_object_set_new(e, "fields",
                        json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "title",
                                  f->title, "dek", f->dek, "body", f->body, "slug", f->slug,
                                  "topics", f->topics, "source", f->source, "published_at",
                                  f->published_at, "seo_title", f->seo_title, "social_title",
                                  f->social_title));
    json_object_set_new(e, "image_id", json_string(f->image_id));
    json_object_set_new(e, "categories", view_choices(categories, f->category));
    json_object_set_new(e, "can_choose_author", json_boolean(choose));
    if (choose) {
        /* One select a byline: the first is the author (the user by default), the others may
         * stay empty. People of one name are told apart by their login. */
        admin_user_labels(people);
        json_t *bylines = json_array();
        for (int i = 0; i < VIEW_MAX_AUTHORS; i++) {
            int64_t chosen = f->authors[i] ? f->authors[i] : i == 0 ? r->user->id : 0;
            json_t *n = view_number(i + 1);
            json_array_append_new(
                bylines,
                json_pack("{s:s, s:s, s:b, s:o}", "name",
                          i ? arena_printf(&r->arena, "author_%d", i + 1) : "author", "label",
                          i ? arena_printf(&r->arena, "كاتب %s", json_string_value(n)) : "الكاتب",
                          "first", i == 0, "options",
                          view_choices(json_deep_copy(people), chosen)));
            json_decref(n);
        }
        json_decref(people);
        json_object_set_new(e, "bylines", bylines);
    }
    json_object_set_new(e, "statuses", admin_status_options(r, f->status));
    if (errors && json_array_size(errors)) {
        json_object_set(e, "errors", errors);
        admin_error(m, "لم يُحفظ المقال: صحّح ما يلي ثم احفظ من جديد.");
    }
    json_decref(errors);
    if (extra)
        json_object_update(e, extra);
    json_decref(extra);
    if (!json_object_get(e, "recovered") && !json_object_get(e, "conflict") &&
        (rc = offer_draft(r, id, e)) != DB_OK) {
        json_decref(e);
        json_decref(m);
        return view_fail_db(r, rc);
    }
    json_object_set_new(m, "editor", e);
    r->csp |= REQ_CSP_SCRIPTS; /* autosave and the warning before leaving (editor.js) */
    return admin_render(r, "admin-editor", m);
}

/* The preview of the form's text, as the page will show it (library photos as their figures). */
static json_t *preview_of(struct req *r, const struct article_form *f)
{
    struct buf html = BUF_INIT;
    struct markdown_media media = {view_media_markdown, r};
    markdown_html_media(&html, f->body, strlen(f->body), &media);
    json_t *p = json_pack("{s:{s:s, s:s, s:s%}}", "preview", "title", f->title, "dek", f->dek,
                          "body_html", buf_str(&html), html.len);
    buf_free(&html);
    return p;
}

/* Checks the form with the shared rules (view/rules.c); fills in an article_in, or problems in
 * errors. Returns 0, or -1 after view_fail_db(). */
static int check(struct req *r, const struct article_form *f, bool comments_closed,
                 struct article_in *in, json_t *errors)
{
    struct article_fields a = {
        .title = f->title,
        .dek = f->dek,
        .body = f->body,
        .slug = f->slug,
        .source = f->source,
        .status = f->status,
        .seo_title = f->seo_title,
        .social_title = f->social_title,
        .topics = f->topics,
        .published_at = parse_local_time(f->published_at),
        .category = f->category,
        .authors = f->authors,
        .nauthors = VIEW_MAX_AUTHORS,
        .image = !*f->image_id                ? 0
                 : view_parse_id(f->image_id) ? view_parse_id(f->image_id)
                                              : -1,
        .comments_closed = comments_closed,
    };
    return view_article_check(r, &a, in, errors);
}

/* With ?recover=1 and a recovery draft of this article: the draft in *f (its version the one it
 * was made from, so a save over a newer version is still caught) and the editor's "recovered"
 * model in *extra; else *extra NULL and *f as it was. DB_OK or the database's error. */
static int recovered(struct req *r, int64_t id, struct article_form *f, json_t **extra)
{
    *extra = NULL;
    const char *want = req_query(r, "recover");
    if (!want || strcmp(want, "1") != 0)
        return DB_OK;
    json_t *draft;
    int rc = store_draft_get(r->db, r->user->id, id, &draft);
    if (rc != DB_OK)
        return rc == DB_DONE ? DB_OK : rc;
    *f = admin_form_of_json(r, json_object_get(draft, "fields"));
    writer_byline(r, f);
    *extra = json_pack("{s:{s:s}}", "recovered", "when", admin_when_of(r, draft, "saved_at"));
    json_decref(draft);
    return DB_OK;
}

int admin_editor_new(struct req *r)
{
    struct article_form f = admin_form_of_json(r, NULL);
    f.status = "draft";
    f.authors[0] = r->user->id;
    json_t *extra;
    int rc = recovered(r, 0, &f, &extra);
    return rc == DB_OK ? admin_editor_show(r, 0, &f, NULL, extra) : view_fail_db(r, rc);
}

int admin_editor(struct req *r)
{
    int64_t id = view_parse_id(req_param(r, "id"));
    json_t *a = view_article_editable(r, id);
    if (!a)
        return -1;
    struct article_form f = admin_form_of_article(r, a);
    json_decref(a);
    json_t *extra;
    int rc = recovered(r, id, &f, &extra);
    return rc == DB_OK ? admin_editor_show(r, id, &f, NULL, extra) : view_fail_db(r, rc);
}

/* Create (id 0) or save, keeping whether comments were closed. */
static int save(struct req *r, int64_t id, bool comments_closed)
{
    struct article_form f = admin_form_of_request(r);
    if (strcmp(admin_field(r, "do"), "preview") == 0)
        return admin_editor_show(r, id, &f, NULL, preview_of(r, &f));
    json_t *errors = json_array();
    struct article_in in;
    if (check(r, &f, comments_closed, &in, errors) != 0) {
        json_decref(errors);
        return -1;
    }
    if (json_array_size(errors)) {
        r->status = 422;
        return admin_editor_show(r, id, &f, errors, NULL);
    }
    json_decref(errors);
    int64_t draft_of = id;
    in.base_version = f.version;
    int rc = id ? store_article_update(r->db, id, &in, r->user->id, r->now)
                : store_article_add(r->db, &in, r->now, &id);
    if (rc == STORE_STALE) {
        /* Someone saved since this form was loaded: nothing is written; the text is kept as a
         * recovery draft too, and both versions are shown with their merge. */
        json_t *current;
        if ((rc = store_article_get(r->db, id, &current)) != DB_OK)
            return rc == DB_DONE ? req_fail(r, 404, "not_found", "لا يوجد مقال بهذا الرقم.")
                                 : view_fail_db(r, rc);
        json_t *fields = admin_form_json(&f);
        rc = store_draft_put(r->db, r->user->id, id, fields, r->now);
        json_decref(fields);
        struct article_form merged;
        json_t *conflict = rc == DB_OK ? admin_conflict_merge(r, id, &f, current, &merged) : NULL;
        json_decref(current);
        if (!conflict)
            return rc == DB_OK ? -1 : view_fail_db(r, rc);
        r->status = 409;
        return admin_editor_show(r, id, &merged, NULL, json_pack("{s:o}", "conflict", conflict));
    }
    if (rc == DB_DONE)
        return req_fail(r, 404, "not_found", "لا يوجد مقال بهذا الرقم.");
    if (rc != DB_OK)
        return req_fail(r, rc == DB_BUSY ? 503 : 500, "save_failed",
                        "تعذّر حفظ المقال الآن. لم يتغيّر شيء؛ حاول بعد قليل.");
    /* Saved: nothing left to recover (a draft that stays is only offered again). */
    store_draft_delete(r->db, r->user->id, draft_of);
    return admin_done(r, arena_printf(&r->arena, "/admin/articles/%lld/edit", (long long)id),
                      draft_of ? "saved" : "created");
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

/*
 * taxonomy.c: categories and topics in the newsroom: create a category, rename one (its old
 * address answers 301 to the new), reorder them for the home page; rename and merge topics.
 * A slug left empty is made from the name; Arabic is kept.
 */
#include "admin/admin.h"
#include "base/utf8.h"
#include "store/store.h"
#include "text/slug.h"
#include "view/blocks.h"
#include "view/dates.h"
#include "view/fail.h"
#include "view/paging.h"
#include "view/url.h"

#include <string.h>

enum { TOPICS_PER_PAGE = 50 };

/* The slug for a name and an optional slug field; "" when neither gives one. */
static const char *slug_for(struct req *r, const char *slug, const char *name)
{
    struct buf b = BUF_INIT;
    slug_make(&b, *slug ? slug : name, strlen(*slug ? slug : name));
    const char *s = arena_strdup(&r->arena, buf_str(&b));
    buf_free(&b);
    return s;
}

static bool name_ok(const char *name)
{
    size_t n = strlen(name);
    return n && utf8_valid(name, n) && !utf8_has_controls(name, n) && utf8_length(name, n) <= 80;
}

static int categories_page(struct req *r, const char *error)
{
    json_t *items;
    int rc = store_categories_counted(r->db, 0, &items);
    if (rc != DB_OK)
        return view_fail_db(r, rc);
    size_t n = json_array_size(items), i;
    json_t *c;
    json_array_foreach(items, i, c) {
        json_object_set_new(c, "articles_text",
                            view_number(json_integer_value(json_object_get(c, "articles"))));
        json_object_set_new(c, "action",
                            json_sprintf("/admin/categories/%lld",
                                         (long long)json_integer_value(json_object_get(c, "id"))));
        json_object_set_new(c, "first", json_boolean(i == 0));
        json_object_set_new(c, "last", json_boolean(i + 1 == n));
    }
    json_t *m = admin_model(r, "الأقسام", "categories");
    json_object_set_new(
        m, "categories",
        json_pack("{s:o, s:s}", "items", items, "create_action", "/admin/categories"));
    if (error)
        admin_error(m, error);
    return admin_render(r, "admin-categories", m);
}

int admin_categories(struct req *r)
{
    return categories_page(r, NULL);
}

/* After a refused change: the page again, with what went wrong. */
static int refused(struct req *r, int status, int (*page)(struct req *, const char *),
                   const char *message)
{
    r->status = status;
    return page(r, message);
}

int admin_category_create(struct req *r)
{
    const char *name = admin_field(r, "name");
    const char *slug = slug_for(r, admin_field(r, "slug"), name);
    if (!name_ok(name) || !*slug)
        return refused(r, 422, categories_page, "اكتب اسمًا للقسم (حتى ٨٠ حرفًا).");
    json_t *all;
    int rc = store_categories(r->db, &all);
    if (rc != DB_OK)
        return view_fail_db(r, rc);
    int position = (int)json_array_size(all);
    json_decref(all);
    rc = store_category_add(r->db, slug, name, admin_field(r, "description"), position, NULL);
    if (rc == DB_CONSTRAINT)
        return refused(r, 409, categories_page, "يوجد قسم بهذا الرابط. اختر رابطًا آخر.");
    if (rc != DB_OK)
        return req_fail(r, 500, "save_failed", NULL);
    blocks_refresh(r->db, r->now); /* the site's navigation shows the new category */
    return admin_done(r, "/admin/categories", "category_created");
}

int admin_category_update(struct req *r)
{
    int64_t id = view_parse_id(req_param(r, "id"));
    const char *what = admin_field(r, "do");
    int rc;
    if (strcmp(what, "up") == 0 || strcmp(what, "down") == 0) {
        rc = store_category_move(r->db, id, what[0] == 'u' ? -1 : 1);
    } else if (strcmp(what, "rename") == 0) {
        const char *name = admin_field(r, "name");
        const char *slug = slug_for(r, admin_field(r, "slug"), name);
        if (!name_ok(name) || !*slug)
            return refused(r, 422, categories_page, "اكتب اسمًا للقسم (حتى ٨٠ حرفًا).");
        rc = store_category_update(r->db, id, name, slug, admin_field(r, "description"), r->now);
    } else {
        return req_fail(r, 400, "bad_form", "طلب غير معروف.");
    }
    if (rc == DB_DONE)
        return req_fail(r, 404, "not_found", "لا يوجد قسم بهذا الرقم.");
    if (rc == DB_CONSTRAINT)
        return refused(r, 409, categories_page, "يوجد قسم بهذا الرابط. اختر رابطًا آخر.");
    if (rc != DB_OK)
        return req_fail(r, 500, "save_failed", NULL);
    blocks_refresh(r->db, r->now);
    return admin_done(r, "/admin/categories", what[0] == 'r' ? "category_saved" : "moved");
}

static int topics_page(struct req *r, const char *error)
{
    int page = view_page_arg(r);
    if (!page)
        return -1;
    int64_t total = 0;
    json_t *items = NULL, *all = NULL;
    int rc;
    if ((rc = store_topics_counted(r->db, 0, (page - 1) * TOPICS_PER_PAGE, TOPICS_PER_PAGE, &total,
                                   &items)) != DB_OK ||
        (rc = store_topics_all(r->db, &all)) != DB_OK) {
        json_decref(items);
        return view_fail_db(r, rc);
    }
    size_t i;
    json_t *t;
    json_array_foreach(items, i, t) {
        json_object_set_new(t, "articles_text",
                            view_number(json_integer_value(json_object_get(t, "articles"))));
        json_object_set_new(t, "action",
                            json_sprintf("/admin/topics/%lld",
                                         (long long)json_integer_value(json_object_get(t, "id"))));
    }
    json_t *m = admin_model(r, "المواضيع", "topics");
    json_object_set_new(m, "topics", json_pack("{s:o, s:o}", "items", items, "all", all));
    int pages = total ? (int)((total + TOPICS_PER_PAGE - 1) / TOPICS_PER_PAGE) : 1;
    view_pagination(r, m, "/admin/topics", page, pages);
    if (error)
        admin_error(m, error);
    return admin_render(r, "admin-topics", m);
}

int admin_topics(struct req *r)
{
    return topics_page(r, NULL);
}

int admin_topic_update(struct req *r)
{
    int64_t id = view_parse_id(req_param(r, "id"));
    const char *what = admin_field(r, "do");
    int rc;
    if (strcmp(what, "merge") == 0) {
        int64_t into = view_parse_id(req_form(r, "into"));
        if (!into || into == id)
            return refused(r, 422, topics_page, "اختر موضوعًا آخر يُدمج فيه هذا الموضوع.");
        rc = store_topic_merge(r->db, id, into, r->now);
    } else if (strcmp(what, "rename") == 0) {
        const char *name = admin_field(r, "name");
        const char *slug = slug_for(r, admin_field(r, "slug"), name);
        if (!name_ok(name) || !*slug)
            return refused(r, 422, topics_page, "اكتب اسمًا للموضوع (حتى ٨٠ حرفًا).");
        rc = store_topic_update(r->db, id, name, slug, r->now);
    } else {
        return req_fail(r, 400, "bad_form", "طلب غير معروف.");
    }
    if (rc == DB_DONE)
        return req_fail(r, 404, "not_found", "لا يوجد موضوع بهذا الرقم.");
    if (rc == DB_CONSTRAINT)
        return refused(r, 409, topics_page,
                       "يوجد موضوع بهذا الاسم أو الرابط. لجمعهما في موضوع واحد استعمل الدمج.");
    if (rc != DB_OK)
        return req_fail(r, 500, "save_failed", NULL);
    return admin_done(r, "/admin/topics", what[0] == 'm' ? "merged" : "topic_saved");
}

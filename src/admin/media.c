/*
 * media.c: the newsroom's photo library, /admin/media. The library screen (thumbnails, search
 * by alt, caption and credit with Arabic normalization, filters by uploader and date, and the
 * upload form), one image's screen (its sizes, words, focal point and social crop, where
 * articles use it; reuse as an article's featured image, replace, delete when unused).
 *
 * Uploads are multipart forms that work without JavaScript (ROUTE_UPLOAD); the file input is
 * also a drop zone, as browsers make it. The photo is made on the photo worker while the
 * browser waits on its own progress bar (view/media.h); then the image's screen shows the
 * result, or the library screen the reason in Arabic, with what was typed kept. upload.js
 * sends the same form in the background, with its progress, and reads those same answers.
 */
#include "admin/admin.h"
#include "media/ingest.h"
#include "media/process.h"
#include "media/storage.h"
#include "store/store.h"
#include "text/escape.h"
#include "text/normalize.h"
#include "view/dates.h"
#include "view/fail.h"
#include "view/image.h"
#include "view/media.h"
#include "view/paging.h"
#include "view/rules.h"
#include "view/site.h"
#include "view/url.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { PER_PAGE = 24, FIELD_MAX = 1000 };

/* "YYYY-MM-DD" as the start of that day in the site's time zone, plus days; 0 when malformed
 * or empty. */
static int64_t day_start(const char *s, int days)
{
    int y, m, d;
    char extra;
    if (!s || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3 || m < 1 || m > 12 || d < 1 ||
        d > 31)
        return 0;
    struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d + days, .tm_isdst = -1};
    time_t t = mktime(&tm);
    return t > 0 ? (int64_t)t : 0;
}

/* An image row made ready for the screens: addresses, its screen's URL, dates. */
static void item(struct req *r, json_t *m)
{
    view_image(m);
    int64_t id = json_integer_value(json_object_get(m, "id"));
    json_object_set_new(m, "url", json_sprintf("/admin/media/%lld", (long long)id));
    json_object_set_new(
        m, "created",
        json_string(admin_when(r, json_integer_value(json_object_get(m, "created_at")))));
    json_object_set_new(m, "markdown",
                        json_sprintf("![%s](media:%lld)",
                                     json_string_value(json_object_get(m, "alt")), (long long)id));
}

/* The library screen with the upload form holding form (NULL: empty) and error (NULL: none). */
static int library(struct req *r, json_t *form, const char *error, int status)
{
    int page = view_page_arg(r);
    if (!page) {
        json_decref(form);
        return -1;
    }
    const char *q = req_query(r, "q"), *from = req_query(r, "from"), *to = req_query(r, "to");
    struct buf norm = BUF_INIT;
    if (q && *q)
        ar_normalize(&norm, q, strlen(q));
    struct media_filter f = {.q = buf_str(&norm),
                             .uploader_id = view_parse_id(req_query(r, "uploader")),
                             .since = day_start(from, 0),
                             .until = day_start(to, 1),
                             .limit = PER_PAGE,
                             .offset = (int64_t)(page - 1) * PER_PAGE};
    json_t *items = NULL, *uploaders = NULL;
    int64_t total = 0;
    int rc = store_media_list(r->db, &f, &items, &total);
    buf_free(&norm);
    if (rc == DB_OK)
        rc = store_media_uploaders(r->db, &uploaders);
    if (rc != DB_OK) {
        json_decref(items);
        json_decref(form);
        return view_fail_db(r, rc);
    }
    size_t i;
    json_t *m;
    json_array_foreach(items, i, m) {
        item(r, m);
    }
    json_array_foreach(uploaders, i, m) {
        json_object_set_new(
            m, "selected",
            json_boolean(json_integer_value(json_object_get(m, "id")) == f.uploader_id));
    }
    json_t *model = admin_model(r, "مكتبة الصور", "media");
    if (error) {
        admin_error(model, error);
        r->status = status;
    }
    r->csp |= REQ_CSP_SCRIPTS; /* dropping, progress and the new thumbnail (upload.js) */
    json_object_set_new(model, "media",
                        json_pack("{s:o, s:o, s:b, s:o, s:o, s:{s:s, s:s, s:s}, s:i}", "items",
                                  items, "uploaders", uploaders, "empty", total == 0, "total_text",
                                  view_number(total), "form", form ? form : json_object(),
                                  "filters", "q", q ? q : "", "from", from ? from : "", "to",
                                  to ? to : "", "max_mb", site_get()->media_max_mb));
    int pages = total ? (int)((total + PER_PAGE - 1) / PER_PAGE) : 1;
    struct buf base = BUF_INIT;
    buf_puts(&base, "/admin/media");
    const char *names[] = {"q", "uploader", "from", "to"};
    for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
        const char *v = req_query(r, names[k]);
        if (v && *v) {
            buf_printf(&base, "%s%s=", strchr(buf_str(&base), '?') ? "&" : "?", names[k]);
            esc_url(&base, v, strlen(v));
        }
    }
    view_pagination(r, model, arena_strdup(&r->arena, buf_str(&base)), page, pages);
    buf_free(&base);
    return admin_render(r, "admin-media", model);
}

int admin_media(struct req *r)
{
    return library(r, NULL, NULL, 200);
}

/* The words of an image from the form: alt (required), caption, credit, each at most
 * FIELD_MAX bytes; a message in Arabic when they will not do. */
static const char *words(struct req *r, const char **alt, const char **caption, const char **credit)
{
    *alt = admin_field(r, "alt");
    *caption = admin_field(r, "caption");
    *credit = admin_field(r, "credit");
    if (req_form_bad(r))
        return "تعذّرت قراءة النموذج: أرسله من جديد.";
    if (!**alt)
        return "اكتب نصًا بديلًا (alt) يصف الصورة لمن لا يراها: هو مطلوب.";
    if (strlen(*alt) > FIELD_MAX || strlen(*caption) > FIELD_MAX || strlen(*credit) > FIELD_MAX)
        return "النص البديل والتعليق والمصدر ألف حرف على الأكثر لكل منها.";
    return NULL;
}

static json_t *form_of(const char *alt, const char *caption, const char *credit)
{
    return json_pack("{s:s, s:s, s:s}", "alt", alt, "caption", caption, "credit", credit);
}

/* After the photo worker: the image's screen, or the library with the reason. */
static int uploaded(struct req *r)
{
    struct media_ingest *in = r->defer_ctx;
    if (in->code)
        return library(r, form_of(in->alt, in->caption, in->credit), in->message, in->status);
    return admin_done(r, arena_printf(&r->arena, "/admin/media/%lld", (long long)in->id),
                      in->existed ? "media_existed" : "media_uploaded");
}

int admin_media_upload(struct req *r)
{
    const char *alt, *caption, *credit;
    const char *problem = words(r, &alt, &caption, &credit);
    if (problem)
        return library(r, form_of(alt, caption, credit), problem, 422);
    struct media_ingest *in = arena_alloc(&r->arena, sizeof *in);
    memset(in, 0, sizeof *in);
    in->alt = alt;
    in->caption = caption;
    in->credit = credit;
    in->focal_x = in->focal_y = 50;
    in->uploader_id = r->user->id;
    if (view_upload(r, in, uploaded) != 0)
        return library(r, form_of(alt, caption, credit), in->message, in->status);
    return 0;
}

/* The image of the route's :id, or NULL after req_fail(). New reference. */
static json_t *image_of(struct req *r)
{
    int64_t id = view_parse_id(req_param(r, "id"));
    json_t *m = NULL;
    int rc = id ? store_media_get(r->db, id, &m) : DB_DONE;
    if (rc == DB_DONE)
        req_fail(r, 404, "not_found", "لا توجد صورة بهذا الرقم في المكتبة.");
    else if (rc != DB_OK)
        view_fail_db(r, rc);
    return m;
}

static int screen(struct req *r, json_t *m, json_t *form, const char *error, int status)
{
    item(r, m);
    json_t *model = admin_model(r, "صورة من المكتبة", "media");
    if (error) {
        admin_error(model, error);
        r->status = status;
    }
    if (form)
        json_object_update(m, form);
    json_decref(form);
    json_object_set_new(m, "used", json_boolean(json_integer_value(json_object_get(m, "uses"))));
    json_object_set_new(m, "uses_text",
                        view_number(json_integer_value(json_object_get(m, "uses"))));
    json_object_set_new(model, "image", m);
    return admin_render(r, "admin-media-item", model);
}

int admin_media_item(struct req *r)
{
    json_t *m = image_of(r);
    return m ? screen(r, m, NULL, NULL, 200) : -1;
}

/* A new social crop around the focal point, from the largest JPEG; stored before the row says
 * so. 0, or -1 with a message. */
static int refocus(struct req *r, json_t *m, int fx, int fy, const char **error)
{
    view_image(m);
    const char *largest = json_string_value(json_object_get(json_object_get(m, "largest"), "url"));
    const char *hash = json_string_value(json_object_get(m, "hash"));
    void *p;
    size_t n;
    *error = "تعذّر صنع قصّة المشاركة الجديدة: الصورة غير موجودة في التخزين.";
    if (!largest || media_get(r->db, largest + strlen("/media/"), &p, &n) != 0)
        return -1;
    struct media_file f;
    const char *code;
    int rc = media_social(p, n, hash, fx, fy, &f, &code, error);
    free(p);
    if (rc == 0 && media_put(r->db, f.name, f.data, f.len) != 0) {
        *error = "تعذّر حفظ قصّة المشاركة الجديدة.";
        rc = -1;
    }
    media_file_free(&f);
    return rc;
}

int admin_media_save(struct req *r)
{
    json_t *m = image_of(r);
    if (!m)
        return -1;
    const char *alt, *caption, *credit;
    const char *problem = words(r, &alt, &caption, &credit);
    int fx, fy;
    if (!problem && (!view_focal(admin_field(r, "focal_x"), &fx) ||
                     !view_focal(admin_field(r, "focal_y"), &fy)))
        problem = "نقطة التركيز رقمان من ٠ إلى ١٠٠ (نسبة مئوية من العرض والارتفاع).";
    int old_x = (int)json_integer_value(json_object_get(m, "focal_x"));
    int old_y = (int)json_integer_value(json_object_get(m, "focal_y"));
    if (!problem && (fx != old_x || fy != old_y) && refocus(r, m, fx, fy, &problem) != 0)
        return screen(r, m, form_of(alt, caption, credit), problem, 500);
    if (problem)
        return screen(r, m, form_of(alt, caption, credit), problem, 422);
    int64_t id = json_integer_value(json_object_get(m, "id"));
    int rc = store_media_update(r->db, id, alt, caption, credit, fx, fy, r->now);
    if (rc != DB_OK) {
        json_decref(m);
        return view_fail_db(r, rc == DB_DONE ? DB_ERROR : rc);
    }
    if (fx != old_x || fy != old_y) {
        char name[96];
        media_social_name(name, json_string_value(json_object_get(m, "hash")), old_x, old_y);
        media_remove(r->db, name);
    }
    json_decref(m);
    return admin_done(r, arena_printf(&r->arena, "/admin/media/%lld", (long long)id),
                      "media_saved");
}

static int replaced(struct req *r)
{
    struct media_ingest *in = r->defer_ctx;
    if (in->code) {
        json_t *m = image_of(r);
        return m ? screen(r, m, NULL, in->message, in->status) : -1;
    }
    return admin_done(r, arena_printf(&r->arena, "/admin/media/%lld", (long long)in->id),
                      "media_replaced");
}

int admin_media_replace(struct req *r)
{
    json_t *m = image_of(r);
    if (!m)
        return -1;
    struct media_ingest *in = arena_alloc(&r->arena, sizeof *in);
    memset(in, 0, sizeof *in);
    in->alt = arena_strdup(&r->arena, json_string_value(json_object_get(m, "alt")));
    in->caption = arena_strdup(&r->arena, json_string_value(json_object_get(m, "caption")));
    in->credit = arena_strdup(&r->arena, json_string_value(json_object_get(m, "credit")));
    in->replace_id = json_integer_value(json_object_get(m, "id"));
    in->uploader_id = r->user->id;
    if (view_upload(r, in, replaced) != 0)
        return screen(r, m, NULL, in->message, in->status);
    json_decref(m);
    return 0;
}

int admin_media_delete(struct req *r)
{
    json_t *m = image_of(r);
    if (!m)
        return -1;
    int64_t id = json_integer_value(json_object_get(m, "id"));
    int rc = store_media_delete(r->db, id);
    if (rc == DB_CONSTRAINT)
        return screen(r, m, NULL,
                      "لا تُحذف صورة تستعملها مقالات: أزلها منها أولًا (الصورة الرئيسية أو "
                      "media: في النص).",
                      409);
    if (rc != DB_OK) {
        json_decref(m);
        return view_fail_db(r, rc == DB_DONE ? DB_ERROR : rc);
    }
    media_forget_files(r->db, json_string_value(json_object_get(m, "hash")),
                       json_string_value(json_object_get(m, "widths")),
                       (int)json_integer_value(json_object_get(m, "focal_x")),
                       (int)json_integer_value(json_object_get(m, "focal_y")));
    json_decref(m);
    return admin_done(r, "/admin/media", "media_deleted");
}

int admin_media_use(struct req *r)
{
    json_t *m = image_of(r);
    if (!m)
        return -1;
    int64_t article = view_parse_id(admin_field(r, "article"));
    if (!article) {
        return screen(r, m, NULL, "اكتب رقم المقال الذي تصير هذه الصورة صورته الرئيسية.", 422);
    }
    json_t *a = view_article_editable(r, article);
    if (!a) {
        json_decref(m);
        return -1;
    }
    json_decref(a);
    int64_t id = json_integer_value(json_object_get(m, "id"));
    json_decref(m);
    int rc = store_article_set_image(r->db, article, id);
    if (rc != DB_OK)
        return view_fail_db(r, rc == DB_DONE ? DB_ERROR : rc);
    return admin_done(r, arena_printf(&r->arena, "/admin/articles/%lld/edit", (long long)article),
                      "image_set");
}

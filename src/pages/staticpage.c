/*
 * staticpage.c: a static page, /p/{slug} (من نحن، اتصل بنا، سياسة الخصوصية…), written in the
 * newsroom (/admin/pages) in Markdown. An unknown slug is 404 (a renamed page's old address
 * answers 301, through the redirects).
 */
#include "pages/pages.h"
#include "store/store.h"
#include "text/markdown.h"
#include "view/dates.h"
#include "view/fail.h"
#include "view/render.h"

#include <string.h>

int page_static_page(struct req *r)
{
    const char *slug = req_param(r, "slug");
    json_t *p;
    int rc = store_page_by_slug(r->db, slug, &p);
    if (rc < 0)
        return view_fail_db(r, rc);
    if (rc == DB_DONE)
        return req_fail(r, 404, "not_found", "لا توجد صفحة بهذا الاسم.");
    const char *title = json_string_value(json_object_get(p, "title"));
    json_t *m = page_model(r, "static", title, arena_printf(&r->arena, "/p/%s", slug), NULL);
    struct buf html = BUF_INIT;
    const char *body = json_string_value(json_object_get(p, "body"));
    markdown_html(&html, body, strlen(body));
    json_object_set_new(p, "body_html", json_stringn(buf_str(&html), html.len));
    buf_free(&html);
    int64_t updated = json_integer_value(json_object_get(p, "updated_at"));
    json_object_set_new(p, "updated",
                        json_pack("{s:o, s:o}", "date", view_date_time(updated), "datetime",
                                  view_iso_time(updated)));
    json_object_del(p, "body");
    json_object_set_new(m, "static_page", p);
    return view_render(r, "static-page", m);
}

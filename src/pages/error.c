/* error.c: the Arabic error page, the one renderer of every failed public request. */
#include "pages/pages.h"
#include "store/store.h"
#include "text/escape.h"
#include "view/dates.h"
#include "view/render.h"

#include <string.h>

void page_error(struct req *r)
{
    const char *title = req_status_title(r->status);
    json_t *m = page_model(r, "error", title, NULL, NULL); /* no canonical: noindex */
    if (r->error_message && *r->error_message)
        json_object_set_new(json_object_get(m, "page"), "description",
                            json_string(r->error_message));
    json_object_set_new(m, "error",
                        json_pack("{s:i, s:o, s:s, s:s}", "status", r->status, "status_text",
                                  view_number(r->status), "title", title, "message",
                                  r->error_message));
    /* view_render() would turn a template failure into another error: render directly and
     * fall back to plain text, so an error page always goes out. */
    int status = r->status;
    const char *code = r->error_code, *message = r->error_message;
    if (view_render(r, "error", m) != 0) {
        buf_reset(&r->out);
        buf_printf(&r->out, "%d %s\n", status, title);
        r->content_type = "text/plain; charset=utf-8";
    }
    r->status = status;
    r->error_code = code;
    r->error_message = message;
}

/* The feeds of a category, topic or author follow it when it moves: /c/old/feed goes where
 * /c/old went, with the same suffix. */
static const char *const followers[] = {"/feed/atom", "/feed"};

const char *page_moved_to(struct req *r)
{
    /* A database error here (logged) leaves the 404 as it was: this only ever turns a 404
     * into a redirect. */
    const char *suffix = "";
    json_t *to = NULL;
    store_redirect_find(r->db, r->path, &to);
    size_t len = strlen(r->path);
    for (size_t i = 0; !to && i < sizeof followers / sizeof *followers; i++) {
        size_t k = strlen(followers[i]);
        if (len > k && strcmp(r->path + len - k, followers[i]) == 0) {
            store_redirect_find(r->db, arena_strndup(&r->arena, r->path, len - k), &to);
            suffix = followers[i];
        }
    }
    if (!to)
        return NULL;
    /* Stored decoded (Arabic as written); a Location header wants it percent-encoded. */
    struct buf b = BUF_INIT;
    const char *path = json_string_value(to);
    esc_uri(&b, path, strlen(path));
    buf_puts(&b, suffix);
    json_decref(to);
    const char *location = arena_strdup(&r->arena, buf_str(&b));
    buf_free(&b);
    return location;
}

/* error.c: the Arabic error page, the one renderer of every failed public request. */
#include "pages/pages.h"

void page_error(struct req *r)
{
    const char *title = req_status_title(r->status);
    json_t *m = page_model(r, "error", title, NULL, NULL);
    json_object_set_new(m, "error",
                        json_pack("{s:i, s:o, s:s, s:s}", "status", r->status, "status_text",
                                  page_number(r->status), "title", title, "message",
                                  r->error_message));
    /* page_render() would turn a template failure into another error: render directly and
     * fall back to plain text, so an error page always goes out. */
    int status = r->status;
    const char *code = r->error_code, *message = r->error_message;
    if (page_render(r, "error", m) != 0) {
        buf_reset(&r->out);
        buf_printf(&r->out, "%d %s\n", status, title);
        r->content_type = "text/plain; charset=utf-8";
    }
    r->status = status;
    r->error_code = code;
    r->error_message = message;
}

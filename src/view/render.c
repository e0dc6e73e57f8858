/* render.c: the theme that pages and the newsroom render with (render.h). */
#include "view/render.h"
#include "base/log.h"

#include <stdlib.h>

static struct theme *theme;

void view_theme_set(struct theme *t)
{
    theme = t;
}

struct theme *view_theme(void)
{
    return theme;
}

int view_render(struct req *r, const char *name, json_t *model)
{
    struct buf err = BUF_INIT;
    buf_reset(&r->out);
    int rc = tmpl_render(theme_templates(theme), name, model, &r->out, &err);
    json_decref(model);
    if (rc != TMPL_OK) {
        log_error("template %s: %s", name, buf_str(&err));
        buf_free(&err);
        return req_fail(r, 500, "template_error", NULL);
    }
    buf_free(&err);
    r->content_type = "text/html; charset=utf-8";
    return 0;
}

int view_json(struct req *r, int status, json_t *value)
{
    r->status = status;
    r->content_type = "application/json; charset=utf-8";
    char *text = json_dumps(value, JSON_COMPACT);
    json_decref(value);
    buf_reset(&r->out);
    buf_puts(&r->out, text);
    buf_putc(&r->out, '\n');
    free(text);
    return 0;
}

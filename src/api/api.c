/* api.c: what every API handler shares: JSON in, JSON out (see api.h). */
#include "api/api.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

int api_reply(struct req *r, int status, json_t *value)
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

json_t *api_body(struct req *r)
{
    const char *type = req_header(r, "Content-Type");
    if (!type || strncasecmp(type, "application/json", 16) != 0) {
        req_fail(r, 415, "unsupported_media_type", "أرسل الطلب بصيغة JSON (application/json).");
        return NULL;
    }
    json_error_t err;
    json_t *body =
        json_loadb(r->body.p ? r->body.p : "", r->body.len, JSON_REJECT_DUPLICATES, &err);
    if (!body || !json_is_object(body)) {
        json_decref(body);
        req_fail(r, 400, "invalid_json", "نص الطلب ليس كائن JSON صالحًا.");
        return NULL;
    }
    return body;
}

/* req.c: what handlers ask of a request and say in its response (see req.h). */
#include "web/req.h"

#include <microhttpd.h>
#include <string.h>

const char *req_query(struct req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *req_header(struct req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *req_param(struct req *r, const char *name)
{
    for (int i = 0; i < r->nparams; i++)
        if (strcmp(r->param_names[i], name) == 0)
            return r->param_values[i];
    return NULL;
}

void req_add_header(struct req *r, const char *name, const char *value)
{
    struct req_header *h = arena_alloc(&r->arena, sizeof *h);
    h->name = name;
    h->value = value;
    h->next = r->headers;
    r->headers = h;
}

int req_redirect(struct req *r, int status, const char *location)
{
    r->status = status;
    req_add_header(r, "Location", location);
    buf_reset(&r->out);
    return 0;
}

int req_fail(struct req *r, int status, const char *code, const char *message)
{
    r->status = status;
    r->error_code = code;
    r->error_message = message ? message : req_status_title(status);
    buf_reset(&r->out);
    return -1;
}

const char *req_status_title(int status)
{
    switch (status) {
    case 400: return "طلب غير صالح";
    case 403: return "غير مسموح";
    case 404: return "الصفحة غير موجودة";
    case 405: return "الطريقة غير مسموحة";
    case 413: return "الطلب أكبر من المسموح";
    case 429: return "طلبات كثيرة، حاول بعد قليل";
    case 431: return "ترويسات الطلب أكبر من المسموح";
    case 503: return "الخدمة غير متاحة مؤقتًا";
    default: return status >= 500 ? "حدث خطأ في الخادم" : "تعذّر تنفيذ الطلب";
    }
}

/* req.c: what handlers ask of a request and say in its response (see req.h). */
#include "web/req.h"

#include "base/utf8.h"

#include <microhttpd.h>
#include <string.h>
#include <strings.h>
#include <xxhash.h>

const char *req_query(struct req *r, const char *name)
{
    if (r->on_query)
        r->on_query(r, name);
    return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

void req_defer(struct req *r, void (*start)(struct req *r), int (*finish)(struct req *r))
{
    r->defer_start = start;
    r->defer_finish = finish;
}

void req_resume(struct req *r)
{
    MHD_resume_connection(r->conn);
}

const char *req_cookie(struct req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

const char *req_header(struct req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes n bytes of a form field's name (name true) or value into the arena; NULL on a bad
 * escape, invalid UTF-8 or a NUL, and for a name on any control character. Control characters
 * in a value are the rules' business (a comment's name, an article's title), which say which
 * field is at fault. */
static const char *form_decode(struct req *r, const char *s, size_t n, bool name)
{
    char *out = arena_alloc(&r->arena, n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '+') {
            out[k++] = ' ';
        } else if (s[i] == '%') {
            if (i + 2 >= n)
                return NULL;
            int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
            if (hi < 0 || lo < 0)
                return NULL;
            out[k++] = (char)(hi * 16 + lo);
            i += 2;
        } else {
            out[k++] = s[i];
        }
    }
    out[k] = 0;
    if (!utf8_valid(out, k) || memchr(out, 0, k))
        return NULL;
    return name && utf8_has_any_controls(out, k) ? NULL : out;
}

static void form_parse(struct req *r)
{
    r->form_parsed = true;
    const char *type = req_header(r, "Content-Type");
    if (!type || strncasecmp(type, "application/x-www-form-urlencoded", 33) != 0) {
        r->form_bad = r->body.len > 0;
        return;
    }
    const char *s = buf_str(&r->body), *end = s + r->body.len;
    struct req_header **tail = &r->form;
    while (s < end) {
        const char *amp = memchr(s, '&', (size_t)(end - s));
        const char *field_end = amp ? amp : end;
        const char *eq = memchr(s, '=', (size_t)(field_end - s));
        if (field_end > s) {
            const char *name = form_decode(r, s, (size_t)((eq ? eq : field_end) - s), true);
            const char *value = eq ? form_decode(r, eq + 1, (size_t)(field_end - eq - 1), false)
                                   : arena_strdup(&r->arena, "");
            if (!name || !value) {
                r->form = NULL;
                r->form_bad = true;
                return;
            }
            struct req_header *f = arena_alloc(&r->arena, sizeof *f);
            f->name = name;
            f->value = value;
            *tail = f;
            tail = &f->next;
        }
        s = field_end + 1;
    }
}

const char *req_form(struct req *r, const char *name)
{
    if (!r->form_parsed)
        form_parse(r);
    for (const struct req_header *f = r->form; f; f = f->next)
        if (strcmp(f->name, name) == 0)
            return f->value;
    return NULL;
}

bool req_form_bad(struct req *r)
{
    if (!r->form_parsed)
        form_parse(r);
    return r->form_bad;
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

const char *req_etag(struct req *r, const void *p, size_t n)
{
    uint64_t h = XXH3_64bits(p ? p : "", n);
    return arena_printf(&r->arena, "\"%016llx\"", (unsigned long long)h);
}

bool req_plain_host(const char *h)
{
    if (!h || !*h || strlen(h) > 255)
        return false;
    for (const char *p = h; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              strchr(".-:[]", *p)))
            return false;
    return true;
}

const char *req_status_title(int status)
{
    switch (status) {
    case 400: return "طلب غير صالح";
    case 401: return "يلزم تسجيل الدخول";
    case 403: return "غير مسموح";
    case 404: return "الصفحة غير موجودة";
    case 405: return "الطريقة غير مسموحة";
    case 409: return "تعارض مع ما سبق";
    case 415: return "صيغة الطلب غير مدعومة";
    case 422: return "بيانات غير صالحة";
    case 413: return "الطلب أكبر من المسموح";
    case 414: return "عنوان الطلب أطول من المسموح";
    case 429: return "طلبات كثيرة، حاول بعد قليل";
    case 431: return "ترويسات الطلب أكبر من المسموح";
    case 503: return "الخدمة غير متاحة مؤقتًا";
    default: return status >= 500 ? "حدث خطأ في الخادم" : "تعذّر تنفيذ الطلب";
    }
}

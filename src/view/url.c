/* url.c: the site's origin, absolute URLs, article paths and ids (url.h). */
#include "view/url.h"
#include "base/buf.h"
#include "text/escape.h"
#include "view/site.h"

#include <string.h>

const char *view_origin(struct req *r)
{
    const char *url = site_get()->url;
    size_t n = strlen(url);
    while (n && url[n - 1] == '/')
        n--;
    if (n)
        return arena_strndup(&r->arena, url, n);
    const char *host = req_header(r, "Host");
    return arena_printf(&r->arena, "http://%s", req_plain_host(host) ? host : "127.0.0.1");
}

const char *view_absolute_iri(struct req *r, const char *path)
{
    return arena_printf(&r->arena, "%s%s", view_origin(r), path);
}

const char *view_absolute_uri(struct req *r, const char *path)
{
    struct buf b = BUF_INIT;
    buf_puts(&b, view_origin(r));
    esc_uri(&b, path, strlen(path));
    const char *s = arena_strdup(&r->arena, buf_str(&b));
    buf_free(&b);
    return s;
}

const char *view_article_path(struct req *r, int64_t id, const char *slug)
{
    return arena_printf(&r->arena, "/a/%lld/%s", (long long)id, slug);
}

bool view_url_ok(const char *url)
{
    size_t n = url ? strlen(url) : 0;
    if (!n || n > 500)
        return false;
    for (const unsigned char *p = (const unsigned char *)url; *p; p++)
        if (*p <= 0x20 || *p == 0x7f || strchr("\"'<>\\`", *p))
            return false;
    if (url[0] == '/')
        return url[1] != '/';
    const char *host = strncmp(url, "https://", 8) == 0  ? url + 8
                       : strncmp(url, "http://", 7) == 0 ? url + 7
                                                         : NULL;
    return host && *host && *host != '/';
}

int64_t view_parse_id(const char *s)
{
    if (!s || !*s || strlen(s) > 15)
        return 0;
    int64_t v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return 0;
        v = v * 10 + (*s - '0');
    }
    return v;
}

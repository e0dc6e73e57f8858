/* route.c: matching a request against the route table (see route.h). */
#include "web/route.h"

#include <string.h>

/* Matches path against pattern, capturing parameters into r; false leaves r's captures
 * undefined (the caller resets them). */
static bool match_pattern(const char *pattern, const char *path, struct req *r)
{
    r->nparams = 0;
    const char *p = pattern, *s = path;
    while (*p && *s) {
        if (*p != '/' || *s != '/')
            return false;
        p++, s++;
        const char *pe = strchrnul(p, '/');
        const char *se = strchrnul(s, '/');
        if (*p == '*') {
            if (r->nparams == REQ_MAX_PARAMS)
                return false;
            r->param_names[r->nparams] = p + 1;
            r->param_values[r->nparams++] = arena_strdup(&r->arena, s);
            return true;
        }
        const char *colon = memchr(p, ':', (size_t)(pe - p));
        if (colon) {
            /* prefix:name suffix: the name is lower-case letters, digits and '_'. */
            const char *name = colon + 1, *ne = name;
            while (ne < pe &&
                   ((*ne >= 'a' && *ne <= 'z') || (*ne >= '0' && *ne <= '9') || *ne == '_'))
                ne++;
            size_t pre = (size_t)(colon - p), suf = (size_t)(pe - ne);
            if ((size_t)(se - s) <= pre + suf || memcmp(p, s, pre) != 0 ||
                memcmp(ne, se - suf, suf) != 0 || r->nparams == REQ_MAX_PARAMS)
                return false;
            r->param_names[r->nparams] = arena_strndup(&r->arena, name, (size_t)(ne - name));
            r->param_values[r->nparams++] =
                arena_strndup(&r->arena, s + pre, (size_t)(se - s) - pre - suf);
        } else if (pe - p != se - s || memcmp(p, s, (size_t)(pe - p)) != 0) {
            return false;
        }
        p = pe, s = se;
    }
    return *p == 0 && *s == 0;
}

enum route_match_result route_match(const struct route *table, struct req *r)
{
    const char *method =
        strcmp(r->method, "HEAD") == 0 || strcmp(r->method, "OPTIONS") == 0 ? "GET" : r->method;
    bool path_seen = false;
    for (const struct route *rt = table; rt->pattern; rt++) {
        if (!match_pattern(rt->pattern, r->path, r))
            continue;
        if (strcmp(rt->method, method) != 0) {
            path_seen = true;
            continue;
        }
        r->route = rt;
        return ROUTE_FOUND;
    }
    r->nparams = 0;
    return path_seen ? ROUTE_NO_METHOD : ROUTE_NO_PATH;
}

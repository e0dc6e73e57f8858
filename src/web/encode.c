/* encode.c: content codings, validators and 304 (see encode.h). */
#include "web/encode.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <xxhash.h>

/* The q-value of coding name in an Accept-Encoding header: its own entry's, else "*"'s, else
 * 0. Entries are "name" or "name;q=0.5", comma-separated, with optional spaces. */
static double accepted(const char *header, const char *name)
{
    double named = -1, star = -1;
    size_t name_len = strlen(name);
    for (const char *p = header; *p;) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        const char *start = p;
        while (*p && *p != ',' && *p != ';' && *p != ' ' && *p != '\t')
            p++;
        size_t len = (size_t)(p - start);
        double q = 1;
        const char *end = strchr(p, ',');
        const char *params_end = end ? end : p + strlen(p);
        /* Parameters: only q matters. */
        for (const char *s = p; s < params_end; s++) {
            if ((*s == 'q' || *s == 'Q') && s + 1 < params_end && s[1] == '=') {
                q = strtod(s + 2, NULL);
                break;
            }
        }
        if (len == name_len && strncasecmp(start, name, len) == 0)
            named = q;
        else if (len == 1 && *start == '*')
            star = q;
        p = params_end;
    }
    return named >= 0 ? named : star >= 0 ? star : 0;
}

enum coding encode_choose(const char *h)
{
    if (!h)
        return CODING_IDENTITY;
    if (accepted(h, "br") > 0)
        return CODING_BR;
    if (accepted(h, "gzip") > 0)
        return CODING_GZIP;
    return CODING_IDENTITY;
}

uint64_t encode_hash(const void *data, size_t len)
{
    return XXH3_64bits(data ? data : "", len);
}

void encode_etag(char out[ENCODE_ETAG_SIZE], uint64_t hash, enum coding c)
{
    static const char *const suffix[CODINGS] = {"", "-gz", "-br"};
    snprintf(out, ENCODE_ETAG_SIZE, "\"%016llx%s\"", (unsigned long long)hash, suffix[c]);
}

static const char days[7][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

void encode_http_date(char out[ENCODE_DATE_SIZE], time_t t)
{
    struct tm tm;
    gmtime_r(&t, &tm);
    /* Written out rather than with strftime, whose names follow the locale. */
    snprintf(out, ENCODE_DATE_SIZE, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday],
             tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

time_t encode_parse_http_date(const char *s)
{
    char day[4], mon[4];
    int d, y, h, m, sec;
    if (sscanf(s, "%3s, %d %3s %d %d:%d:%d GMT", day, &d, mon, &y, &h, &m, &sec) != 7)
        return -1;
    int month = -1;
    for (int i = 0; i < 12; i++)
        if (strcmp(mon, months[i]) == 0)
            month = i;
    if (month < 0 || d < 1 || d > 31 || y < 1970 || h > 23 || m > 59 || sec > 60)
        return -1;
    struct tm tm = {.tm_year = y - 1900,
                    .tm_mon = month,
                    .tm_mday = d,
                    .tm_hour = h,
                    .tm_min = m,
                    .tm_sec = sec};
    return timegm(&tm);
}

bool encode_not_modified(struct req *r, uint64_t hash, time_t last_modified)
{
    const char *inm = req_header(r, "If-None-Match");
    if (inm) {
        if (strcmp(inm, "*") == 0)
            return true;
        char tag[ENCODE_ETAG_SIZE];
        encode_etag(tag, hash, CODING_IDENTITY);
        tag[17] = 0; /* the opening quote and the hash: any coding's suffix may follow */
        return strstr(inm, tag) != NULL;
    }
    const char *ims = req_header(r, "If-Modified-Since");
    if (!ims || !last_modified)
        return false;
    time_t since = encode_parse_http_date(ims);
    return since >= 0 && last_modified <= since;
}

static bool has_header(const struct req *r, const char *name)
{
    for (const struct req_header *h = r->headers; h; h = h->next)
        if (strcasecmp(h->name, name) == 0)
            return true;
    return false;
}

void encode_response(struct req *r)
{
    if (has_header(r, "ETag") || has_header(r, "Content-Encoding"))
        return; /* the handler chose the representation itself (static files) */
    bool get = strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0;
    uint64_t hash = encode_hash(r->out.p, r->out.len);
    enum coding c = CODING_IDENTITY;
    bool worth = r->status != 304 && r->out.len >= ENCODE_MIN_BYTES &&
                 compress_worth(r->content_type ? r->content_type : "text/html");
    if (worth) {
        req_add_header(r, "Vary", "Accept-Encoding");
        c = encode_choose(req_header(r, "Accept-Encoding"));
    }
    if (get && r->status == 200) {
        char *tag = arena_alloc(&r->arena, ENCODE_ETAG_SIZE);
        encode_etag(tag, hash, c);
        req_add_header(r, "ETag", tag);
        if (encode_not_modified(r, hash, 0)) {
            r->status = 304;
            buf_reset(&r->out);
            return;
        }
    }
    if (c == CODING_IDENTITY)
        return;
    struct buf z = BUF_INIT;
    if (compress_body(&z, c, CODING_FAST, r->out.p, r->out.len) != 0) {
        buf_free(&z);
        return;
    }
    buf_free(&r->out);
    r->out = z;
    req_add_header(r, "Content-Encoding", coding_name(c));
}

/*
 * site.c: the site's settings as a snapshot that pages, the newsroom and the API read without
 * touching the database.
 *
 * Settings and their defaults (docs/OPERATIONS.md lists them for operators):
 *   site_name, site_tagline, site_description  what the header, titles and feeds say
 *   timezone     the zone dates are shown in (an IANA name), default Asia/Damascus
 *   date_months  levantine | egyptian | maghrebi | both (month names), default levantine
 *   digits       arabic | latin (digits of dates and counts), default arabic
 *   per_page     articles on a category, topic or author page, default 20
 *   feed_full_body   1 (default): feeds carry each article's whole body as HTML; 0: not
 *   comments_moderation   links (only comments with links wait) | all (every comment waits)
 *   comments_close_days   comments close this many days after publication; 0 (default): never
 *   comments_per_minute, comments_per_hour   comments one address may post (5 and 30)
 *   comments_blocked_words       words or phrases, one a line (or comma-separated), matched
 *                                after normalization, so harakat and tatweel do not hide them
 *   comments_blocked_addresses   IP addresses, IPv4 ranges (10.0.0.0/8) and e-mail addresses
 *   site_url     the site's public address (https://…); also makes session cookies Secure
 *   site_logo    the publisher's logo for search engines (JSON-LD): an https:// URL or a path
 *                on the site such as /static/logo.png; empty (default): none
 *   session_idle_minutes   a newsroom session ends after this long unused (480)
 *   session_days           and after this many days in any case (7)
 *   api_cors_origin        which other sites' pages may read the JSON API: "" (none, the
 *                          default), "*" (any) or one origin (https://example.com)
 *   cache_budget_mb        memory for the page cache (64); 0 turns it off
 *   cache_max_age, cache_s_maxage, cache_stale_while_revalidate, cache_stale_if_error
 *                          seconds in public pages' Cache-Control: how long browsers (30) and
 *                          shared caches such as CDNs (60) keep a page, how long past that they
 *                          may serve it while they fetch it again (30), and while sahifa fails
 *                          to answer (86400)
 *   cdn_purge              how a CDN hears of pages a change made stale: "" (not at all, the
 *                          default), "log" (a line on the log) or a URL template with {path}
 *   cdn_purge_method       the method of those requests (PURGE)
 *   media_max_mb           the largest upload of a photo, in megabytes (25)
 *   media_max_megapixels   the most pixels a photo may have, in millions (60): more is refused
 *                          before it is decoded (decompression bombs)
 *   secret       the key that signs forms; made at random on first start
 */
#include "view/site.h"
#include "base/buf.h"
#include "base/log.h"
#include "base/mem.h"
#include "store/store.h"
#include "text/list.h"
#include "text/normalize.h"
#include "web/formtoken.h"
#include "web/req.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct {
    const char *key, *value;
} defaults[] = {
    {"site_name", "صحيفة"},
    {"site_tagline", ""},
    {"site_description", ""},
    {"timezone", "Asia/Damascus"},
    {"date_months", "levantine"},
    {"digits", "arabic"},
    {"per_page", "20"},
    {"feed_full_body", "1"},
    {"comments_moderation", "links"},
    {"comments_close_days", "0"},
    {"comments_per_minute", "5"},
    {"comments_per_hour", "30"},
    {"comments_blocked_words", ""},
    {"comments_blocked_addresses", ""},
    {"site_url", ""},
    {"site_logo", ""},
    {"session_idle_minutes", "480"},
    {"session_days", "7"},
    {"api_cors_origin", ""},
    {"cache_budget_mb", "64"},
    {"cache_max_age", "30"},
    {"cache_s_maxage", "60"},
    {"cache_stale_while_revalidate", "30"},
    {"cache_stale_if_error", "86400"},
    {"cdn_purge", ""},
    {"cdn_purge_method", "PURGE"},
    {"media_max_mb", "25"},
    {"media_max_megapixels", "60"},
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct site *current;

const char *site_default(const char *key)
{
    for (size_t i = 0; i < ARRAY_LEN(defaults); i++)
        if (strcmp(defaults[i].key, key) == 0)
            return defaults[i].value;
    return NULL;
}

static const char *setting(json_t *all, const char *key)
{
    return json_string_value(json_object_get(all, key));
}

/* A setting as a whole number in [min, max], or dflt. */
static int number(json_t *all, const char *key, int min, int max, int dflt)
{
    const char *s = setting(all, key);
    char *end;
    long v = s ? strtol(s, &end, 10) : 0;
    if (!s || end == s || *end || v < min || v > max) {
        log_warn("setting %s: %s is not a number from %d to %d, using %d", key, s ? s : "", min,
                 max, dflt);
        return dflt;
    }
    return (int)v;
}

/* The entries of a list setting (text_split_list), normalized when normalize is set. */
static json_t *list(const char *s, bool normalize)
{
    json_t *entries = text_split_list(s);
    if (!normalize)
        return entries;
    json_t *out = json_array();
    size_t i;
    json_t *e;
    json_array_foreach(entries, i, e) {
        struct buf v = BUF_INIT;
        ar_normalize(&v, json_string_value(e), json_string_length(e));
        if (v.len)
            json_array_append_new(out, json_stringn(v.p, v.len));
        buf_free(&v);
    }
    json_decref(entries);
    return out;
}

/* api_cors_origin: "", "*" or an origin (http or https, a plain host, an optional port, no
 * path); anything else is logged and means no CORS. */
static const char *cors_origin(json_t *all)
{
    const char *v = setting(all, "api_cors_origin");
    if (!*v || strcmp(v, "*") == 0)
        return v;
    const char *host = strncmp(v, "https://", 8) == 0  ? v + 8
                       : strncmp(v, "http://", 7) == 0 ? v + 7
                                                       : NULL;
    if (host && req_plain_host(host))
        return v;
    log_warn("setting api_cors_origin: %s is not *, nor an origin such as https://example.com;"
             " no CORS headers",
             v);
    return "";
}

/* The secret that signs forms: the stored one, or a new one stored now. */
static int secret_ensure(struct db *db, json_t *all)
{
    unsigned char secret[FORMTOKEN_SECRET_BYTES];
    const char *hex = setting(all, "secret");
    if (formtoken_parse_secret(hex, secret) != 0) {
        struct arena a = ARENA_INIT;
        hex = formtoken_new_secret(&a);
        int rc = store_setting_set(db, "secret", hex);
        formtoken_parse_secret(hex, secret);
        arena_free(&a);
        if (rc != DB_OK) {
            log_error("cannot store the site's secret");
            return -1;
        }
    }
    return formtoken_init(secret);
}

int site_load(struct db *db)
{
    json_t *all;
    if (store_settings(db, &all) != DB_OK) {
        log_error("cannot read the site's settings");
        return -1;
    }
    if (secret_ensure(db, all) != 0) {
        json_decref(all);
        return -1;
    }
    json_object_del(all, "secret"); /* nothing else needs to see it */
    for (size_t i = 0; i < ARRAY_LEN(defaults); i++)
        if (!json_object_get(all, defaults[i].key))
            json_object_set_new(all, defaults[i].key, json_string(defaults[i].value));

    struct site *s = xcalloc(1, sizeof *s);
    s->settings = all;
    s->name = setting(all, "site_name");
    s->tagline = setting(all, "site_tagline");
    s->description = setting(all, "site_description");
    s->timezone = setting(all, "timezone");
    s->date.months = AR_MONTHS_LEVANTINE;
    s->date.digits = AR_DIGITS_ARABIC;
    if (!ar_months_parse(setting(all, "date_months"), &s->date.months))
        log_warn("setting date_months: unknown value %s, using levantine",
                 setting(all, "date_months"));
    if (!ar_digits_parse(setting(all, "digits"), &s->date.digits))
        log_warn("setting digits: unknown value %s, using arabic", setting(all, "digits"));
    s->per_page = number(all, "per_page", 1, 100, 20);
    s->feed_full_body = number(all, "feed_full_body", 0, 1, 1);
    const char *moderation = setting(all, "comments_moderation");
    s->moderate_all = strcmp(moderation, "all") == 0;
    if (!s->moderate_all && strcmp(moderation, "links") != 0)
        log_warn("setting comments_moderation: unknown value %s, using links", moderation);
    s->close_days = number(all, "comments_close_days", 0, 100000, 0);
    s->per_minute = number(all, "comments_per_minute", 1, 10000, 5);
    s->per_hour = number(all, "comments_per_hour", 1, 100000, 30);
    s->blocked_words = list(setting(all, "comments_blocked_words"), true);
    s->blocked_addresses = list(setting(all, "comments_blocked_addresses"), false);
    s->url = setting(all, "site_url");
    s->https = strncmp(s->url, "https://", 8) == 0;
    s->logo = setting(all, "site_logo");
    s->session_idle = number(all, "session_idle_minutes", 1, 100000, 480) * 60;
    s->session_lifetime = number(all, "session_days", 1, 365, 7) * 86400;
    s->cors_origin = cors_origin(all);
    s->cache_budget = (size_t)number(all, "cache_budget_mb", 0, 1 << 20, 64) << 20;
    int browsers = number(all, "cache_max_age", 0, 31536000, 30);
    int shared = number(all, "cache_s_maxage", 0, 31536000, 60);
    int revalidate = number(all, "cache_stale_while_revalidate", 0, 31536000, 30);
    int error = number(all, "cache_stale_if_error", 0, 31536000, 86400);
    struct buf cc = BUF_INIT;
    buf_printf(&cc, "public, max-age=%d, s-maxage=%d, stale-while-revalidate=%d, stale-if-error=%d",
               browsers, shared, revalidate, error);
    s->cache_control = buf_detach(&cc, NULL);
    s->media_max_mb = number(all, "media_max_mb", 1, 1024, 25);
    s->media_max_megapixels = number(all, "media_max_megapixels", 1, 1000, 60);

    /* One time zone for the whole process, set while no other thread formats a date (at
     * start-up; a later reload happens between renders that only read TZ through
     * localtime_r, which takes glibc's own lock). */
    setenv("TZ", s->timezone, 1);
    tzset();

    pthread_mutex_lock(&lock);
    current = s; /* the previous snapshot stays allocated: a page may still be using it */
    pthread_mutex_unlock(&lock);
    return 0;
}

const struct site *site_get(void)
{
    pthread_mutex_lock(&lock);
    const struct site *s = current;
    pthread_mutex_unlock(&lock);
    return s;
}

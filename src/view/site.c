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
#include "base/utf8.h"
#include "view/url.h"
#include "web/auth.h"
#include "web/cache.h"
#include "web/req.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>

/* Choices of the settings that take one of a few values, with what the settings screen calls
 * them. */
static const struct site_choice month_choices[] = {
    {"levantine", "نيسان (بلاد الشام والعراق)"},
    {"egyptian", "أبريل (مصر والخليج)"},
    {"maghrebi", "أفريل (تونس والجزائر)"},
    {"both", "نيسان (أبريل)"},
    {NULL, NULL},
};
static const struct site_choice digit_choices[] = {
    {"arabic", "٠١٢٣ (الأرقام العربية المشرقية)"},
    {"latin", "0123"},
    {NULL, NULL},
};
static const struct site_choice moderation_choices[] = {
    {"links", "التعليقات التي فيها روابط فقط"},
    {"all", "كل التعليقات"},
    {NULL, NULL},
};
static const struct site_choice body_choices[] = {
    {"1", "النص كاملًا"},
    {"0", "الملخص والرابط فقط"},
    {NULL, NULL},
};

const struct site_setting site_settings[] = {
    {"site_name", "صحيفة", SITE_LINE, 1, 100, NULL, "site", "اسم الموقع",
     "في الترويسة وعناوين الصفحات والخلاصات."},
    {"site_tagline", "", SITE_LINE, 0, 200, NULL, "site", "الشعار", "السطر تحت اسم الموقع."},
    {"site_description", "", SITE_TEXT, 0, 500, NULL, "site", "وصف الموقع",
     "وصف الصفحات التي ليس لها وصف خاص، ولمحركات البحث."},
    {"site_url", "", SITE_ORIGIN, 0, 200, NULL, "site", "عنوان الموقع",
     "مثل https://example.com: أصل الروابط الكاملة؛ وبـ https تصير ملفات تعريف الجلسة آمنة."},
    {"site_logo", "", SITE_LINK, 0, 500, NULL, "site", "شعار الناشر",
     "رابط https:// أو مسار على الموقع مثل /static/logo.png، لمحركات البحث."},
    {"timezone", "Asia/Damascus", SITE_ZONE, 1, 64, NULL, "dates", "المنطقة الزمنية",
     "باسمها في قاعدة IANA، مثل Asia/Riyadh أو Africa/Cairo."},
    {"date_months", "levantine", SITE_CHOICE, 0, 0, month_choices, "dates", "أسماء الأشهر", NULL},
    {"digits", "arabic", SITE_CHOICE, 0, 0, digit_choices, "dates", "الأرقام",
     "في التواريخ والأعداد."},
    {"per_page", "20", SITE_NUMBER, 1, 100, NULL, "lists", "مقالات في الصفحة",
     "في صفحات الأقسام والمواضيع والكتّاب، من ١ إلى ١٠٠."},
    {"feed_full_body", "1", SITE_CHOICE, 0, 0, body_choices, "lists", "الخلاصات تحمل", NULL},
    {"comments_moderation", "links", SITE_CHOICE, 0, 0, moderation_choices, "comments",
     "تنتظر المراجعة", NULL},
    {"comments_close_days", "0", SITE_NUMBER, 0, 100000, NULL, "comments",
     "تُغلق التعليقات بعد (أيام)", "من النشر؛ صفر: لا تُغلق."},
    {"comments_per_minute", "5", SITE_NUMBER, 1, 10000, NULL, "comments",
     "تعليقات العنوان الواحد في الدقيقة", NULL},
    {"comments_per_hour", "30", SITE_NUMBER, 1, 100000, NULL, "comments",
     "تعليقات العنوان الواحد في الساعة", NULL},
    {"comments_blocked_words", "", SITE_TEXT, 0, 20000, NULL, "comments", "كلمات محظورة",
     "كلمة أو عبارة في كل سطر، أو بينها فواصل. لا تخفيها الحركات ولا التطويل."},
    {"comments_blocked_addresses", "", SITE_TEXT, 0, 20000, NULL, "comments", "عناوين محظورة",
     "عناوين IP، ونطاقات IPv4 مثل 10.0.0.0/8، وعناوين بريد، في كل سطر واحد."},
    {"session_idle_minutes", "480", SITE_NUMBER, 1, 100000, NULL, "newsroom",
     "تنتهي الجلسة بعد خمول (دقائق)", NULL},
    {"session_days", "7", SITE_NUMBER, 1, 365, NULL, "newsroom", "وتنتهي على كل حال بعد (أيام)",
     "من ١ إلى ٣٦٥."},
    {"live_poll_seconds", "30", SITE_NUMBER, 5, 600, NULL, "live",
     "تجلب صفحة التغطية المباشرة التحديثات كل (ثوانٍ)",
     "من ٥ إلى ٦٠٠؛ وبلا سكربت تُحدَّث الصفحة كلها كل دقيقة على الأقل."},
    {"api_cors_origin", "", SITE_CORS, 0, 200, NULL, "api", "المواقع التي تقرأ الواجهة البرمجية",
     "فارغ: لا أحد؛ * : كل المواقع؛ أو أصل واحد مثل https://example.com."},
    /* Read when the server starts (the page cache and the headers of its answers). */
    {"cache_budget_mb", "64", SITE_NUMBER, 0, 1 << 20, NULL, "cache",
     "ذاكرة الصفحات المخزنة (ميغابايت)", "صفر يوقفها؛ يسري بعد إعادة تشغيل الخادم."},
    {"cache_max_age", "30", SITE_NUMBER, 0, 31536000, NULL, "cache",
     "تحتفظ المتصفحات بالصفحة (ثوانٍ)", "max-age؛ يسري بعد إعادة تشغيل الخادم."},
    {"cache_s_maxage", "60", SITE_NUMBER, 0, 31536000, NULL, "cache",
     "تحتفظ بها شبكات التوزيع والوسطاء (ثوانٍ)", "s-maxage؛ يسري بعد إعادة تشغيل الخادم."},
    {"cache_stale_while_revalidate", "30", SITE_NUMBER, 0, 31536000, NULL, "cache",
     "وترسلها قديمة ريثما تجلبها من جديد (ثوانٍ)",
     "stale-while-revalidate؛ يسري بعد إعادة تشغيل الخادم."},
    {"cache_stale_if_error", "86400", SITE_NUMBER, 0, 31536000, NULL, "cache",
     "وترسلها قديمة إذا تعذّر الجواب (ثوانٍ)", "stale-if-error؛ يسري بعد إعادة تشغيل الخادم."},
    {"cdn_purge", "", SITE_LINE, 0, 500, NULL, "cache", "إبلاغ شبكة التوزيع بما تغيّر",
     "فارغ: لا إبلاغ؛ log: سطر في السجل؛ أو رابط فيه {path} مثل http://127.0.0.1:6081{path}."},
    {"cdn_purge_method", "PURGE", SITE_LINE, 1, 16, NULL, "cache", "طريقة طلب الإبلاغ", NULL},
    /* Read when the server starts (the upload cap and the photo worker's limit). */
    {"media_max_mb", "25", SITE_NUMBER, 1, 1024, NULL, "media", "أكبر صورة تُرفع (ميغابايت)",
     "من ١ إلى ١٠٢٤؛ يسري بعد إعادة تشغيل الخادم."},
    {"media_max_megapixels", "60", SITE_NUMBER, 1, 1000, NULL, "media",
     "أكثر عدد من البكسلات في الصورة (ملايين)",
     "ما زاد يُرفض قبل فكّه؛ من ١ إلى ١٠٠٠؛ يسري بعد إعادة تشغيل الخادم."},
};
const size_t site_settings_count = ARRAY_LEN(site_settings);

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct site *current;

const struct site_setting *site_setting(const char *key)
{
    for (size_t i = 0; key && i < ARRAY_LEN(site_settings); i++)
        if (strcmp(site_settings[i].key, key) == 0)
            return &site_settings[i];
    return NULL;
}

const char *site_default(const char *key)
{
    const struct site_setting *s = site_setting(key);
    return s ? s->dflt : NULL;
}

/* An origin: http or https, a plain host with an optional port, no path. */
static bool origin_ok(const char *v)
{
    const char *host = strncmp(v, "https://", 8) == 0  ? v + 8
                       : strncmp(v, "http://", 7) == 0 ? v + 7
                                                       : NULL;
    return host && *host && req_plain_host(host);
}

/* A time zone the system knows: an IANA name whose file tzdata installed. */
static bool zone_ok(const char *v)
{
    if (!*v || strstr(v, "..") || v[0] == '/' ||
        strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij"
                  "klmnopqrstuvwxyz0123456789_+-/") != strlen(v))
        return false;
    char path[256];
    snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", v);
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

const char *site_check(const struct site_setting *s, const char *v)
{
    size_t n = strlen(v);
    if (!utf8_valid(v, n) || utf8_has_controls(v, n))
        return "فيه محارف غير مسموحة.";
    switch (s->kind) {
    case SITE_LINE:
    case SITE_TEXT:
        if (s->kind == SITE_LINE && strpbrk(v, "\r\n\t"))
            return "سطر واحد.";
        if (utf8_length(v, n) < (size_t)s->min)
            return "مطلوب.";
        if (utf8_length(v, n) > (size_t)s->max)
            return "أطول من المسموح.";
        return NULL;
    case SITE_NUMBER: {
        char *end;
        long x = strtol(v, &end, 10);
        if (!n || *end || x < s->min || x > s->max || strspn(v, "0123456789") != n)
            return "عدد صحيح خارج الحدود المسموحة.";
        return NULL;
    }
    case SITE_CHOICE:
        for (const struct site_choice *c = s->choices; c->value; c++)
            if (strcmp(c->value, v) == 0)
                return NULL;
        return "اختر واحدًا من الخيارات.";
    case SITE_ORIGIN: return !n || origin_ok(v) ? NULL : "عنوان مثل https://example.com بلا مسار.";
    case SITE_LINK: return !n || view_url_ok(v) ? NULL : "رابط يبدأ بـ https:// أو مسار يبدأ بـ /.";
    case SITE_CORS:
        return !n || strcmp(v, "*") == 0 || origin_ok(v)
                   ? NULL
                   : "اتركه فارغًا، أو * ، أو أصلًا مثل https://example.com بلا مسار.";
    case SITE_ZONE: return zone_ok(v) ? NULL : "منطقة زمنية لا يعرفها النظام.";
    }
    return NULL;
}

static const char *setting(json_t *all, const char *key)
{
    return json_string_value(json_object_get(all, key));
}

/* A number setting as its bounds allow (site_settings), or its default. */
static int number(json_t *all, const char *key)
{
    const struct site_setting *d = site_setting(key);
    const char *s = setting(all, key);
    if (!s || site_check(d, s)) {
        log_warn("setting %s: %s is not a number from %d to %d, using %s", key, s ? s : "", d->min,
                 d->max, d->dflt);
        s = d->dflt;
    }
    return (int)strtol(s, NULL, 10);
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
    if (!site_check(site_setting("api_cors_origin"), v))
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
    for (size_t i = 0; i < ARRAY_LEN(site_settings); i++)
        if (!json_object_get(all, site_settings[i].key))
            json_object_set_new(all, site_settings[i].key, json_string(site_settings[i].dflt));

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
    s->per_page = number(all, "per_page");
    s->feed_full_body = strcmp(setting(all, "feed_full_body"), "0") != 0;
    const char *moderation = setting(all, "comments_moderation");
    s->moderate_all = strcmp(moderation, "all") == 0;
    if (!s->moderate_all && strcmp(moderation, "links") != 0)
        log_warn("setting comments_moderation: unknown value %s, using links", moderation);
    s->close_days = number(all, "comments_close_days");
    s->per_minute = number(all, "comments_per_minute");
    s->per_hour = number(all, "comments_per_hour");
    s->blocked_words = list(setting(all, "comments_blocked_words"), true);
    s->blocked_addresses = list(setting(all, "comments_blocked_addresses"), false);
    s->url = setting(all, "site_url");
    s->https = strncmp(s->url, "https://", 8) == 0;
    s->logo = setting(all, "site_logo");
    s->session_idle = number(all, "session_idle_minutes") * 60;
    s->session_lifetime = number(all, "session_days") * 86400;
    s->cors_origin = cors_origin(all);
    s->live_poll = number(all, "live_poll_seconds");
    s->cache_budget = (size_t)number(all, "cache_budget_mb") << 20;
    struct buf cc = BUF_INIT;
    buf_printf(&cc, "public, max-age=%d, s-maxage=%d, stale-while-revalidate=%d, stale-if-error=%d",
               number(all, "cache_max_age"), number(all, "cache_s_maxage"),
               number(all, "cache_stale_while_revalidate"), number(all, "cache_stale_if_error"));
    s->cache_control = buf_detach(&cc, NULL);
    s->media_max_mb = number(all, "media_max_mb");
    s->media_max_megapixels = number(all, "media_max_megapixels");

    /* One time zone for the whole process, set at start-up, and again only when the setting
     * changes (glibc's localtime_r reads it under its own lock once tzset() has run; nothing
     * else here reads TZ). */
    const char *zone = getenv("TZ");
    if (!zone || strcmp(zone, s->timezone) != 0) {
        setenv("TZ", s->timezone, 1);
        tzset();
    }
    struct auth_settings auth = {
        .idle = s->session_idle, .lifetime = s->session_lifetime, .secure = s->https};
    auth_configure(&auth);

    pthread_mutex_lock(&lock);
    s->previous = current; /* kept: a page may still be using it */
    current = s;
    pthread_mutex_unlock(&lock);
    return 0;
}

/* site_load() for changed settings: pages kept by the page cache show the old ones (the site's
 * name, its dates' style...), and a page rendered between the write's move of the content
 * generation and this load may have been kept with them too, so all of them go stale. */
static int reload(struct db *db)
{
    int rc = site_load(db);
    cache_stale_all();
    return rc;
}

int site_refresh(struct db *db)
{
    const struct site *s = site_get();
    json_t *all;
    if (store_settings(db, &all) != DB_OK)
        return -1; /* the snapshot stays as it is */
    json_object_del(all, "secret");
    /* Unset ones count as their defaults, as the snapshot holds them. */
    for (size_t i = 0; i < ARRAY_LEN(site_settings); i++)
        if (!json_object_get(all, site_settings[i].key))
            json_object_set_new(all, site_settings[i].key, json_string(site_settings[i].dflt));
    bool same = s && json_equal(all, s->settings);
    json_decref(all);
    return same ? 0 : reload(db);
}

int site_save(struct db *db, json_t *values)
{
    if (store_settings_save(db, values) != DB_OK)
        return -1;
    return reload(db);
}

const struct site *site_get(void)
{
    pthread_mutex_lock(&lock);
    const struct site *s = current;
    pthread_mutex_unlock(&lock);
    return s;
}

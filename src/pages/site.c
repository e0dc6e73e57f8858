/*
 * site.c: the site's settings as a snapshot pages read without touching the database.
 *
 * Settings and their defaults (docs/OPERATIONS.md lists them for operators):
 *   site_name, site_tagline, site_description  what the header, titles and feeds say
 *   timezone     the zone dates are shown in (an IANA name), default Asia/Damascus
 *   date_months  levantine | egyptian | maghrebi | both (month names), default levantine
 *   digits       arabic | latin (digits of dates and counts), default arabic
 *   per_page     articles on a category, topic or author page, default 20
 */
#include "pages/pages.h"
#include "base/log.h"
#include "base/mem.h"
#include "store/store.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct {
    const char *key, *value;
} defaults[] = {
    {"site_name", "صحيفة"},       {"site_tagline", ""},
    {"site_description", ""},     {"timezone", "Asia/Damascus"},
    {"date_months", "levantine"}, {"digits", "arabic"},
    {"per_page", "20"},
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

int site_load(struct db *db)
{
    json_t *all = store_settings(db);
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
    s->per_page = atoi(setting(all, "per_page"));
    if (s->per_page < 1 || s->per_page > 100)
        s->per_page = 20;

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

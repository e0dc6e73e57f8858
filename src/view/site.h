/*
 * site.h: the site's settings as a snapshot that every view model, page and newsroom screen
 * reads without touching the database (site.c lists the settings and their defaults).
 */
#ifndef SAHIFA_VIEW_SITE_H
#define SAHIFA_VIEW_SITE_H

#include "text/ardate.h"

#include <jansson.h>
#include <stdbool.h>

struct db;

struct site {
    json_t *settings; /* every setting, as strings, defaults filled in */
    const char *name, *tagline, *description;
    const char *logo; /* the publisher's logo (JSON-LD): a URL or a site path ("" none) */
    const char *timezone;
    struct ar_date_style date;
    int per_page;
    bool feed_full_body; /* feeds carry each article's whole body (pages/feed.c) */
    /* Comments (docs/OPERATIONS.md). */
    bool moderate_all;         /* every comment waits for a moderator, not only those with links */
    int close_days;            /* comments close this many days after publication; 0: never */
    int per_minute, per_hour;  /* comments one address may post */
    json_t *blocked_words;     /* normalized words and phrases */
    json_t *blocked_addresses; /* IP addresses, IPv4 CIDR ranges, e-mail addresses */
    /* The newsroom. */
    const char *url;      /* the site's address, e.g. https://example.com ("" unknown) */
    bool https;           /* url is https: cookies are Secure */
    int session_idle;     /* seconds a newsroom session may go unused */
    int session_lifetime; /* seconds a newsroom session lasts at most */
    int live_poll;        /* seconds between a live page's fetches of its new updates */
    /* The JSON API. */
    const char *cors_origin; /* which other sites' pages may read it: "", "*" or an origin */
    /* Caching (docs/OPERATIONS.md). */
    size_t cache_budget;       /* bytes for the page cache; 0: none */
    const char *cache_control; /* public pages' Cache-Control, from the cache_* settings */
    /* Photos (media/). */
    int media_max_mb;         /* the largest upload */
    int media_max_megapixels; /* the most pixels a photo may have */
    /* The snapshot this one replaced, kept (a page may still be reading it; settings change
     * seldom), so every snapshot made stays reachable. */
    const struct site *previous;
};

/* Loads the settings (defaults for those unset), sets the process time zone from them, makes
 * sure the site has a secret for signing forms (made and stored on first use) and gives it to
 * web/formtoken.c, gives the session settings to web/auth.c, and makes them the current
 * snapshot. Returns 0 or -1 (logged). */
int site_load(struct db *db);
/* site_load() when the stored settings differ from the current snapshot's (another process,
 * another node, or a hand, changed them): for the background thread, every few seconds.
 * Returns 0 or -1. */
int site_refresh(struct db *db);
/* Stores every setting of values (an object of strings, each checked with site_check()) in
 * one transaction, moving the content generation on, and makes them the current snapshot at
 * once. Returns 0 or -1. */
int site_save(struct db *db, json_t *values);

/* The settings an operator sets (docs/OPERATIONS.md), described for the newsroom's settings
 * screen and checked by one function. */
enum site_kind {
    SITE_LINE,   /* one line of text, min to max characters */
    SITE_TEXT,   /* lines of text, min to max characters */
    SITE_NUMBER, /* a whole number from min to max */
    SITE_CHOICE, /* one of choices */
    SITE_ORIGIN, /* "" or an http(s) origin with no path */
    SITE_LINK,   /* "" or an address a page may show (view_url_ok()) */
    SITE_CORS,   /* "", "*" or an origin */
    SITE_ZONE,   /* a time zone the system has (tzdata) */
};
struct site_choice {
    const char *value, *label; /* label: what the settings screen calls it, in Arabic */
};
struct site_setting {
    const char *key, *dflt;
    enum site_kind kind;
    int min, max;
    const struct site_choice *choices; /* SITE_CHOICE: ends with a NULL value */
    const char *group;                 /* the settings screen's section */
    const char *label, *help;          /* Arabic, for the settings screen; help may be NULL */
};
extern const struct site_setting site_settings[];
extern const size_t site_settings_count;
/* The setting called key, or NULL. */
const struct site_setting *site_setting(const char *key);
/* NULL when value is fit for the setting, else what is wrong with it (Arabic). */
const char *site_check(const struct site_setting *s, const char *value);
/* The current snapshot; valid until the next site_load() (snapshots are kept until exit, so a
 * page that started rendering with one finishes with it). */
const struct site *site_get(void);
/* The default value of a setting, or NULL for an unknown name. */
const char *site_default(const char *key);

#endif

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
    /* The JSON API. */
    const char *cors_origin; /* which other sites' pages may read it: "", "*" or an origin */
    /* Caching (docs/OPERATIONS.md). */
    size_t cache_budget;       /* bytes for the page cache; 0: none */
    const char *cache_control; /* public pages' Cache-Control, from the cache_* settings */
    /* Photos (media/). */
    int media_max_mb;         /* the largest upload */
    int media_max_megapixels; /* the most pixels a photo may have */
};

/* Loads the settings (defaults for those unset), sets the process time zone from them, makes
 * sure the site has a secret for signing forms (made and stored on first use) and gives it to
 * web/formtoken.c, and makes them the current snapshot. Returns 0 or -1 (logged). */
int site_load(struct db *db);
/* The current snapshot; valid until the next site_load() (snapshots are kept until exit, so a
 * page that started rendering with one finishes with it). */
const struct site *site_get(void);
/* The default value of a setting, or NULL for an unknown name. */
const char *site_default(const char *key);

#endif

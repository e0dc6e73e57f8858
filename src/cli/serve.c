/* serve.c: `sahifa serve`, the web server (usage in main.c). */
#include "cli/cli.h"
#include "base/log.h"
#include "pages/pages.h"
#include "store/store.h"
#include "admin/admin.h"
#include "view/blocks.h"
#include "view/purge.h"
#include "view/render.h"
#include "view/site.h"
#include "web/accesslog.h"
#include "web/auth.h"
#include "web/cache.h"
#include "web/server.h"
#include "web/tick.h"
#include "web/views.h"
#include "media/process.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    VIEWS_FLUSH_EVERY = 10,
    BLOCKS_CHECK_EVERY = 5,
    PUBLISH_EVERY = 5,
    SETTINGS_CHECK_EVERY = 5,
    PURGE_EVERY = 1
};

static void flush_views(time_t now)
{
    views_flush(db_thread(), now);
}

static void publish_due(time_t now)
{
    struct db *db = db_thread();
    if (db)
        admin_publish_due(db, now);
}

static void refresh_blocks(time_t now)
{
    struct db *db = db_thread();
    if (db)
        blocks_tick(db, now);
}

/* Settings changed elsewhere (another process or node) apply here within seconds. */
static void refresh_settings(time_t now)
{
    (void)now;
    struct db *db = db_thread();
    if (db)
        site_refresh(db);
}

/* The API's CORS origin as the settings say now (the newsroom may change it). */
static const char *cors_origin(void)
{
    return site_get()->cors_origin;
}

/* What the settings leave to chance, said once the server listens (not when it cannot). */
static void warn_settings(void)
{
    if (!*site_get()->url)
        log_warn("site_url is not set: absolute addresses (feeds, sitemaps, canonical links) "
                 "follow each request's Host header; set it in production (docs/OPERATIONS.md)");
}

static void purge_stale(time_t now)
{
    struct db *db = db_thread();
    if (db)
        purge_tick(db, now);
}

int cmd_serve(int argc, char **argv)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},
        {"listen", required_argument, NULL, 'l'},
        {"theme", required_argument, NULL, 't'},
        {"threads", required_argument, NULL, 'n'},
        {"access-log", required_argument, NULL, 'a'},
        {"trusted-proxy", required_argument, NULL, 'p'},
        {"media", required_argument, NULL, 'm'},
        {"media-in-db", no_argument, NULL, 'M'},
        {NULL, 0, NULL, 0},
    };
    const char *db_path = "sahifa.db", *theme_dir = NULL, *access_log = "-", *media_dir = NULL;
    bool media_in_db = false;
    struct server_config cfg;
    server_config_defaults(&cfg);
    int c;
    long threads;
    while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
        switch (c) {
        case 'd': db_path = optarg; break;
        case 'l': cfg.listen = optarg; break;
        case 't': theme_dir = optarg; break;
        case 'n':
            if (!cli_number("serve", "--threads", optarg, 1, 1024, &threads))
                return 2;
            cfg.threads = (int)threads;
            break;
        case 'a': access_log = strcmp(optarg, "off") == 0 ? NULL : optarg; break;
        case 'p': cfg.trusted_proxy = optarg; break;
        case 'm': media_dir = optarg; break;
        case 'M': media_in_db = true; break;
        default: return cli_bad_option("serve", c, argv);
        }
    }
    if (optind < argc)
        return cli_misuse("serve", "unexpected argument %s", argv[optind]);

    /* Everything said before the socket is bound waits, so "listening on" comes first. */
    log_hold();
    struct db *db = cli_open_db(db_path, 1);
    struct theme *theme = db ? theme_open(theme_dir) : NULL;
    if (!db || !theme || site_load(db) != 0 || accesslog_open(access_log) != 0 ||
        cli_media_open(db_path, media_dir, media_in_db) != 0) {
        log_release();
        db_close(db);
        theme_close(theme);
        return 1;
    }
    db_thread_init(db_path);
    view_theme_set(theme);
    blocks_refresh(db, time(NULL));
    purge_start(db);
    db_close(db);

    tick_add("views", flush_views, VIEWS_FLUSH_EVERY);
    tick_add("publish", publish_due, PUBLISH_EVERY);
    tick_add("blocks", refresh_blocks, BLOCKS_CHECK_EVERY);
    tick_add("settings", refresh_settings, SETTINGS_CHECK_EVERY);
    tick_add("purge", purge_stale, PURGE_EVERY);
    cfg.routes = routes;
    cfg.render_error = page_error;
    cfg.moved_to = page_moved_to;
    cfg.cors_origin = cors_origin;
    cfg.keep_form = admin_keep_form;
    /* Read once: the page cache with its headers, the upload cap and the photo worker's pixel
     * limit are fixed for the process. */
    const struct site *s = site_get();
    cfg.cache_control = s->cache_control;
    cfg.inline_styles = theme_inline_style_hash(theme);
    /* An entry lives no longer than the sidebars it shows; without site_url, pages' absolute
     * URLs come from the Host header, which the key must then hold (docs/SECURITY.md, 7). */
    struct cache_config cache = {s->cache_budget, BLOCKS_EVERY, !*s->url};
    cache_configure(&cache);
    cfg.max_upload_bytes = (size_t)s->media_max_mb * 1024 * 1024;
    media_init((int64_t)s->media_max_megapixels * 1000000);
    cfg.listening = warn_settings;
    int rc = server_run(&cfg);
    accesslog_close();
    theme_close(theme);
    return rc;
}

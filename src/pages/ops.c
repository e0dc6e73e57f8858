/*
 * ops.c: endpoints for operators: /healthz (is the database reachable) and /metrics
 * (Prometheus text format).
 */
#include "pages/pages.h"
#include "store/store.h"
#include "web/cache.h"
#include "web/guard.h"
#include "web/views.h"

int page_healthz(struct req *r)
{
    bool ok = store_ping(r->db) == DB_OK;
    r->content_type = "application/json";
    req_add_header(r, "Cache-Control", "no-store");
    if (!ok)
        return req_fail(r, 503, "database_unavailable", "قاعدة البيانات غير متاحة.");
    buf_puts(&r->out, "{\"status\":\"ok\"}\n");
    return 0;
}

int page_metrics(struct req *r)
{
    struct views_stats v;
    views_stats(&v);
    r->content_type = "text/plain; version=0.0.4; charset=utf-8";
    req_add_header(r, "Cache-Control", "no-store");
    buf_printf(&r->out,
               "# HELP sahifa_views_total Article page views seen, by outcome.\n"
               "# TYPE sahifa_views_total counter\n"
               "sahifa_views_total{outcome=\"counted\"} %llu\n"
               "sahifa_views_total{outcome=\"repeat\"} %llu\n"
               "sahifa_views_total{outcome=\"bot\"} %llu\n"
               "# HELP sahifa_views_flushed_total Counted views written to the database.\n"
               "# TYPE sahifa_views_flushed_total counter\n"
               "sahifa_views_flushed_total %llu\n"
               "# HELP sahifa_views_pending Counted views not yet written.\n"
               "# TYPE sahifa_views_pending gauge\n"
               "sahifa_views_pending %llu\n",
               (unsigned long long)v.counted, (unsigned long long)v.repeats,
               (unsigned long long)v.bots, (unsigned long long)v.flushed,
               (unsigned long long)v.pending);
    struct guard_stats g = guard_stats();
    buf_printf(&r->out,
               "# HELP sahifa_connections_open Client connections open.\n"
               "# TYPE sahifa_connections_open gauge\n"
               "sahifa_connections_open %u\n"
               "# HELP sahifa_connections_refused_total Connections refused by the per-address "
               "caps.\n"
               "# TYPE sahifa_connections_refused_total counter\n"
               "sahifa_connections_refused_total %lu\n"
               "# HELP sahifa_connections_expired_total Connections closed past the deadline for "
               "a request's head or body.\n"
               "# TYPE sahifa_connections_expired_total counter\n"
               "sahifa_connections_expired_total %lu\n",
               g.open, g.refused, g.expired);
    struct cache_stats c;
    cache_stats(&c);
    buf_printf(
        &r->out,
        "# HELP sahifa_cache_lookups_total Public pages looked up in the page cache.\n"
        "# TYPE sahifa_cache_lookups_total counter\n"
        "sahifa_cache_lookups_total{result=\"hit\"} %llu\n"
        "sahifa_cache_lookups_total{result=\"miss\"} %llu\n"
        "sahifa_cache_lookups_total{result=\"stale\"} %llu\n"
        "# HELP sahifa_cache_bypassed_total Public pages asked for with the session cookie.\n"
        "# TYPE sahifa_cache_bypassed_total counter\n"
        "sahifa_cache_bypassed_total %llu\n"
        "# HELP sahifa_cache_waited_total Lookups that waited for another request's render.\n"
        "# TYPE sahifa_cache_waited_total counter\n"
        "sahifa_cache_waited_total %llu\n"
        "# HELP sahifa_cache_stored_total Renders kept in the page cache.\n"
        "# TYPE sahifa_cache_stored_total counter\n"
        "sahifa_cache_stored_total %llu\n"
        "# HELP sahifa_cache_evicted_total Entries dropped to stay within the budget.\n"
        "# TYPE sahifa_cache_evicted_total counter\n"
        "sahifa_cache_evicted_total %llu\n"
        "# HELP sahifa_cache_entries Entries in the page cache.\n"
        "# TYPE sahifa_cache_entries gauge\n"
        "sahifa_cache_entries %zu\n"
        "# HELP sahifa_cache_bytes Bytes the page cache holds, counted against its budget.\n"
        "# TYPE sahifa_cache_bytes gauge\n"
        "sahifa_cache_bytes %zu\n"
        "# HELP sahifa_cache_budget_bytes The page cache's budget (setting cache_budget_mb).\n"
        "# TYPE sahifa_cache_budget_bytes gauge\n"
        "sahifa_cache_budget_bytes %zu\n",
        (unsigned long long)c.hits, (unsigned long long)c.misses, (unsigned long long)c.stale,
        (unsigned long long)c.bypassed, (unsigned long long)c.waited, (unsigned long long)c.stored,
        (unsigned long long)c.evicted, c.entries, c.bytes, c.budget);
    return 0;
}

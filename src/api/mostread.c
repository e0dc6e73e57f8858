/*
 * mostread.c: «الأكثر قراءة» over the API.
 *
 *   GET /api/v1/most-read?window=24h|7d[&limit=N]
 *
 * Live articles by their views in the last 24 hours (the default) or 7 days alone, from the
 * counts the sidebar ranks by (store_most_read_window()), as the sidebar's items: cards with
 * rank and views. limit is 1 to 100, 10 by default.
 */
#include "api/api.h"
#include "store/store.h"
#include "view/blocks.h"
#include "view/fail.h"
#include "view/url.h"

#include <string.h>

enum { LIMIT = 10, LIMIT_MAX = 100 };

int api_most_read(struct req *r)
{
    const char *window = req_query(r, "window");
    if (!window)
        window = "24h";
    int hours = strcmp(window, "24h") == 0 ? 24 : strcmp(window, "7d") == 0 ? 7 * 24 : 0;
    if (!hours)
        return req_fail(r, 400, "bad_window", "window إما 24h (يوم) وإما 7d (أسبوع).");
    int limit = LIMIT;
    const char *l = req_query(r, "limit");
    if (l) {
        int64_t v = view_parse_id(l);
        if (v < 1 || v > LIMIT_MAX)
            return req_fail(r, 400, "bad_limit", "limit عدد صحيح من ١ إلى ١٠٠.");
        limit = (int)v;
    }
    json_t *rows;
    int rc = store_most_read_window(r->db, r->now, hours, limit, &rows);
    if (rc != DB_OK)
        return view_fail_db(r, rc);
    return api_reply(r, 200,
                     json_pack("{s:s, s:o}", "window", window, "articles", blocks_ranked(rows)));
}

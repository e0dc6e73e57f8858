/* search.c: the search results model of the search page and the API (search.h). */
#include "view/search.h"
#include "store/store.h"
#include "text/ardate.h"
#include "text/escape.h"
#include "view/card.h"
#include "view/fail.h"

#include <string.h>

/* Replaces a marked text field (store_search()) by its HTML (matched words in <mark>) under the
 * name to, and by its plain text under the name plain unless that is NULL. */
static void marked_html(json_t *row, const char *from, const char *to, const char *plain)
{
    const char *s = json_string_value(json_object_get(row, from));
    size_t n = s ? strlen(s) : 0;
    struct buf html = BUF_INIT;
    esc_html_marked(&html, s ? s : "", n);
    json_object_set_new(row, to, json_stringn(buf_str(&html), html.len));
    if (plain) {
        buf_reset(&html);
        for (size_t i = 0; i < n; i++)
            if (s[i] != 0x01 && s[i] != 0x02)
                buf_putc(&html, s[i]);
        json_object_set_new(row, plain, json_stringn(buf_str(&html), html.len));
    }
    buf_free(&html);
    json_object_del(row, from);
}

json_t *view_search_results(struct req *r, const struct query *q, const struct search_options *o)
{
    json_t *found;
    int rc = store_search(r->db, q, o, r->now, &found);
    if (rc != DB_OK) {
        view_fail_db(r, rc);
        return NULL;
    }
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(found, "results"), i, row) {
        view_card(row);
        marked_html(row, "title_marked", "title_html", NULL);
        marked_html(row, "snippet_marked", "snippet_html", "snippet");
    }
    return found;
}

/* One bound: the first moment of the day written s, that day's end when end is true. */
static bool day_bound(const char *s, bool end, int64_t *out)
{
    if (!iso_date_parse(s, out))
        return false;
    if (end) {
        /* The next day's first moment: a day is not always 86,400 seconds long. */
        int64_t next = *out + 36 * 3600;
        struct buf day = BUF_INIT;
        iso_date(&day, next);
        bool ok = iso_date_parse(buf_str(&day), out);
        buf_free(&day);
        return ok;
    }
    return true;
}

int view_search_dates(struct req *r, const char *from, const char *to, struct search_options *o)
{
    if (from && *from && !day_bound(from, false, &o->from))
        return req_fail(r, 400, "bad_date", "تاريخ البداية غير صالح: اكتب اليوم هكذا 2018-04-20.");
    if (to && *to && !day_bound(to, true, &o->to))
        return req_fail(r, 400, "bad_date", "تاريخ النهاية غير صالح: اكتب اليوم هكذا 2018-04-20.");
    if (o->from && o->to && o->from >= o->to)
        return req_fail(r, 400, "bad_date", "تاريخ البداية بعد تاريخ النهاية.");
    return 0;
}

/* search.c: the search results model of the search page and the API (search.h). */
#include "view/search.h"
#include "store/store.h"
#include "text/escape.h"
#include "view/card.h"

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
    json_t *found = store_search(r->db, q, o, r->now);
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(found, "results"), i, row) {
        view_card(row);
        marked_html(row, "title_marked", "title_html", NULL);
        marked_html(row, "snippet_marked", "snippet_html", "snippet");
    }
    return found;
}

/* paging.c: ?page=N and the pagination model (paging.h). */
#include "view/paging.h"
#include "view/dates.h"
#include "view/url.h"

#include <string.h>

int view_page_arg(struct req *r)
{
    const char *p = req_query(r, "page");
    if (!p)
        return 1;
    int64_t n = view_parse_id(p);
    if (n <= 0 || n > 1000000) {
        req_fail(r, 400, "bad_page", "رقم الصفحة غير صالح: استخدم عددًا صحيحًا موجبًا.");
        return 0;
    }
    return (int)n;
}

void view_pagination(struct req *r, json_t *model, const char *base_path, int page, int pages)
{
    if (pages <= 1)
        return;
    char sep = strchr(base_path, '?') ? '&' : '?';
    json_t *p = json_object();
    json_object_set_new(p, "page_text", view_number(page));
    json_object_set_new(p, "pages_text", view_number(pages));
    if (page > 1)
        json_object_set_new(p, "prev_url",
                            json_string(page == 2 ? base_path
                                                  : arena_printf(&r->arena, "%s%cpage=%d",
                                                                 base_path, sep, page - 1)));
    if (page < pages)
        json_object_set_new(
            p, "next_url",
            json_string(arena_printf(&r->arena, "%s%cpage=%d", base_path, sep, page + 1)));
    json_object_set_new(model, "pagination", p);
}

/* dates.c: dates and numbers in the site's style, as JSON strings for view models (dates.h). */
#include "view/dates.h"
#include "base/buf.h"
#include "text/ardate.h"
#include "view/site.h"

json_t *view_number(int64_t n)
{
    struct buf b = BUF_INIT;
    ar_number(&b, n, site_get()->date.digits);
    json_t *j = json_stringn(buf_str(&b), b.len);
    buf_free(&b);
    return j;
}

static json_t *date_text(int64_t t,
                         void (*fmt)(struct buf *, int64_t, const struct ar_date_style *))
{
    struct buf b = BUF_INIT;
    fmt(&b, t, &site_get()->date);
    json_t *j = json_stringn(buf_str(&b), b.len);
    buf_free(&b);
    return j;
}

json_t *view_iso_time(int64_t t)
{
    struct buf b = BUF_INIT;
    iso_datetime(&b, t);
    json_t *j = json_stringn(buf_str(&b), b.len);
    buf_free(&b);
    return j;
}

json_t *view_date_time(int64_t t)
{
    return date_text(t, ar_datetime);
}

void view_set_dates(json_t *obj, int64_t t)
{
    json_object_set_new(obj, "date", date_text(t, ar_date));
    json_object_set_new(obj, "datetime", view_iso_time(t));
}

/*
 * dates.h: dates and numbers as the site shows them: Arabic month names and digits in the
 * site's style (view/site.h), and RFC 3339 for machines (<time datetime>, feeds, JSON-LD).
 */
#ifndef SAHIFA_VIEW_DATES_H
#define SAHIFA_VIEW_DATES_H

#include <jansson.h>
#include <stdint.h>

/* A number in the site's digits, as a new JSON string. */
json_t *view_number(int64_t n);
/* The time t as RFC 3339 in the site's time zone ("2018-04-20T15:00:00+03:00"), a new JSON
 * string. */
json_t *view_iso_time(int64_t t);
/* Sets "date" (Arabic, the site's style: «الجمعة ٢٠ نيسان ٢٠١٨») and "datetime" (RFC 3339) on
 * obj for the time t. */
void view_set_dates(json_t *obj, int64_t t);
/* The date with the time of day in the site's style («الجمعة ٢٠ نيسان ٢٠١٨، ١٥:٠٠»), a new JSON
 * string. */
json_t *view_date_time(int64_t t);

#endif

/*
 * ardate.h: dates in Arabic for readers.
 *
 * «الجمعة ٢٠ نيسان ٢٠١٨»: weekday, day, month, year, in the site's time zone, with month names in
 * one of the styles Arab readers use and Arabic-Indic or Latin digits, both by site setting.
 */
#ifndef SAHIFA_TEXT_ARDATE_H
#define SAHIFA_TEXT_ARDATE_H

#include "base/buf.h"

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

/* Month names, by region:
 *   levantine  كانون الثاني، شباط، آذار، نيسان… (Syria, Lebanon, Jordan, Palestine, Iraq)
 *   egyptian   يناير، فبراير، مارس، أبريل… (Egypt, the Gulf, Sudan, Yemen)
 *   maghrebi   جانفي، فيفري، مارس، أفريل… (Tunisia, Algeria)
 *   both       نيسان (أبريل): Levantine with the Egyptian name after it */
enum ar_months {
    AR_MONTHS_LEVANTINE,
    AR_MONTHS_EGYPTIAN,
    AR_MONTHS_MAGHREBI,
    AR_MONTHS_BOTH,
};

enum ar_digits {
    AR_DIGITS_ARABIC, /* ٠١٢٣٤٥٦٧٨٩ (Arabic-Indic) */
    AR_DIGITS_LATIN,  /* 0123456789 */
};

struct ar_date_style {
    enum ar_months months;
    enum ar_digits digits;
};

/* Parses a setting value ("levantine", "egyptian", "maghrebi", "both"; "arabic", "latin").
 * Returns false, leaving *out unchanged, for anything else. */
bool ar_months_parse(const char *s, enum ar_months *out);
bool ar_digits_parse(const char *s, enum ar_digits *out);

/* Appends «الجمعة ٢٠ نيسان ٢٠١٨» for the UTC time t shown in the process's local time zone
 * (TZ, set once at start-up from the site setting). These date functions append nothing when t
 * is beyond what localtime_r can represent. */
void ar_date(struct buf *out, int64_t t, const struct ar_date_style *style);
/* Appends the date as above followed by the time, «الجمعة ٢٠ نيسان ٢٠١٨، ١٤:٠٥». */
void ar_datetime(struct buf *out, int64_t t, const struct ar_date_style *style);
/* Appends the integer n in the style's digits («١٢٣» or «123»), with a leading '-' if negative. */
void ar_number(struct buf *out, int64_t n, enum ar_digits digits);
/* Appends t as RFC 3339 in the local time zone with its offset: 2018-04-20T14:05:00+03:00
 * (for <time datetime>, Atom feeds, sitemaps and JSON-LD). UTC is written +00:00, never Z. */
void iso_datetime(struct buf *out, int64_t t);
/* Appends t as an RFC 822 date (with a four-digit year, as RFC 1123 and RSS 2.0 have it) in the
 * local time zone with its offset: Fri, 20 Apr 2018 15:00:00 +0300 (for RSS pubDate). */
void rfc822_datetime(struct buf *out, int64_t t);
/* Parses an RFC 3339 date-time, as iso_datetime() writes it or with Z for UTC
 * (2018-04-20T14:05:00+03:00, 2018-04-20T11:05:00Z; 't', 'z' and a space in place of 'T' are
 * accepted, a fraction of a second is dropped, a leap second counts as :59) into UTC seconds in
 * *out. Returns false, leaving *out unchanged, for anything else, impossible dates (30
 * February) included. */
bool iso_datetime_parse(const char *s, int64_t *out);
/* Parses a day written YYYY-MM-DD (2018-04-20) into the UTC seconds of its first moment in the
 * local time zone, in *out. Returns false, leaving *out unchanged, for anything else,
 * impossible days (30 February) included. */
bool iso_date_parse(const char *s, int64_t *out);
/* Appends the local day of the UTC time t as YYYY-MM-DD. */
void iso_date(struct buf *out, int64_t t);

#endif

/*
 * test_ardate.c: Arabic dates and numbers (src/text/ardate.c) in the styles the site settings
 * offer, and the RFC 3339 and RFC 822 forms, all seen from Damascus unless a case says otherwise.
 */
#include "text/ardate.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 2018-04-20 12:00:00 UTC, a Friday; 15:00 in Damascus (UTC+3 that summer). */
enum { FRI_NOON_UTC = 1524225600 };

static void in_zone(const char *tz)
{
    setenv("TZ", tz, 1);
    tzset();
}

static void damascus(void)
{
    in_zone("Asia/Damascus");
}

/* The text fn appends for t in the given style, in a static buffer (enough for one comparison). */
static const char *render(void (*fn)(struct buf *, int64_t, const struct ar_date_style *),
                          int64_t t, enum ar_months months, enum ar_digits digits)
{
    static char text[256];
    struct ar_date_style style = {months, digits};
    struct buf b = BUF_INIT;
    fn(&b, t, &style);
    snprintf(text, sizeof text, "%s", buf_str(&b));
    buf_free(&b);
    return text;
}

static const char *date(int64_t t, enum ar_months months, enum ar_digits digits)
{
    return render(ar_date, t, months, digits);
}

static const char *number(int64_t n, enum ar_digits digits)
{
    static char text[128];
    struct buf b = BUF_INIT;
    ar_number(&b, n, digits);
    snprintf(text, sizeof text, "%s", buf_str(&b));
    buf_free(&b);
    return text;
}

/* The text a machine-date function (iso_datetime, rfc822_datetime) appends for t. */
static const char *machine(void (*fn)(struct buf *, int64_t), int64_t t)
{
    static char text[64];
    struct buf b = BUF_INIT;
    fn(&b, t);
    snprintf(text, sizeof text, "%s", buf_str(&b));
    buf_free(&b);
    return text;
}

static const char *iso(int64_t t)
{
    return machine(iso_datetime, t);
}

TestSuite(ardate, .init = damascus);

Test(ardate, levantine_month_and_arabic_digits)
{
    cr_expect_str_eq(date(FRI_NOON_UTC, AR_MONTHS_LEVANTINE, AR_DIGITS_ARABIC),
                     "الجمعة ٢٠ نيسان ٢٠١٨");
}

Test(ardate, egyptian_month_and_latin_digits)
{
    cr_expect_str_eq(date(FRI_NOON_UTC, AR_MONTHS_EGYPTIAN, AR_DIGITS_LATIN),
                     "الجمعة 20 أبريل 2018");
}

Test(ardate, both_puts_the_egyptian_name_in_brackets_after_the_levantine)
{
    cr_expect_str_eq(date(FRI_NOON_UTC, AR_MONTHS_BOTH, AR_DIGITS_ARABIC),
                     "الجمعة ٢٠ نيسان (أبريل) ٢٠١٨");
}

Test(ardate, maghrebi_month_names)
{
    cr_expect_str_eq(date(FRI_NOON_UTC, AR_MONTHS_MAGHREBI, AR_DIGITS_LATIN),
                     "الجمعة 20 أفريل 2018");
    cr_expect_str_eq(date(1531558800, AR_MONTHS_MAGHREBI, AR_DIGITS_LATIN), /* 2018-07-14 */
                     "السبت 14 جويلية 2018");
}

Test(ardate, first_and_last_month_of_the_year_in_every_style)
{
    const int64_t jan1 = 1514797200, dec31 = 1546246800; /* 2018, both Mondays */
    cr_expect_str_eq(date(jan1, AR_MONTHS_LEVANTINE, AR_DIGITS_LATIN),
                     "الاثنين 1 كانون الثاني 2018");
    cr_expect_str_eq(date(dec31, AR_MONTHS_LEVANTINE, AR_DIGITS_LATIN),
                     "الاثنين 31 كانون الأول 2018");
    cr_expect_str_eq(date(jan1, AR_MONTHS_EGYPTIAN, AR_DIGITS_LATIN), "الاثنين 1 يناير 2018");
    cr_expect_str_eq(date(dec31, AR_MONTHS_EGYPTIAN, AR_DIGITS_LATIN), "الاثنين 31 ديسمبر 2018");
    cr_expect_str_eq(date(jan1, AR_MONTHS_MAGHREBI, AR_DIGITS_LATIN), "الاثنين 1 جانفي 2018");
    cr_expect_str_eq(date(dec31, AR_MONTHS_MAGHREBI, AR_DIGITS_LATIN), "الاثنين 31 ديسمبر 2018");
    cr_expect_str_eq(date(dec31, AR_MONTHS_BOTH, AR_DIGITS_LATIN),
                     "الاثنين 31 كانون الأول (ديسمبر) 2018");
}

Test(ardate, utc_evening_already_next_day_in_damascus_shows_the_next_day)
{
    /* 2018-04-20 22:30 UTC is 01:30 on Saturday the 21st in Damascus */
    cr_expect_str_eq(date(1524263400, AR_MONTHS_LEVANTINE, AR_DIGITS_ARABIC),
                     "السبت ٢١ نيسان ٢٠١٨");
}

Test(ardate, same_instant_in_utc_is_still_the_previous_day)
{
    in_zone("UTC");
    cr_expect_str_eq(date(1524263400, AR_MONTHS_LEVANTINE, AR_DIGITS_ARABIC),
                     "الجمعة ٢٠ نيسان ٢٠١٨");
}

Test(ardate, datetime_appends_arabic_comma_and_24_hour_time)
{
    /* 11:05 UTC is 14:05 in Damascus: zero-padded minutes, 24-hour clock */
    cr_expect_str_eq(render(ar_datetime, 1524222300, AR_MONTHS_LEVANTINE, AR_DIGITS_ARABIC),
                     "الجمعة ٢٠ نيسان ٢٠١٨، ١٤:٠٥");
    cr_expect_str_eq(render(ar_datetime, 1524222300, AR_MONTHS_EGYPTIAN, AR_DIGITS_LATIN),
                     "الجمعة 20 أبريل 2018، 14:05");
}

Test(ardate, datetime_pads_the_hour_after_midnight)
{
    cr_expect_str_eq(render(ar_datetime, 1524263400, AR_MONTHS_EGYPTIAN, AR_DIGITS_LATIN),
                     "السبت 21 أبريل 2018، 01:30");
}

Test(ardate, iso_datetime_has_the_local_offset)
{
    cr_expect_str_eq(iso(FRI_NOON_UTC), "2018-04-20T15:00:00+03:00");
    cr_expect_str_eq(iso(1514797200), "2018-01-01T11:00:00+02:00"); /* winter time */
}

Test(ardate, iso_datetime_writes_utc_as_plus_zero_not_z)
{
    in_zone("UTC");
    cr_expect_str_eq(iso(FRI_NOON_UTC), "2018-04-20T12:00:00+00:00");
}

Test(ardate, iso_datetime_negative_offset)
{
    in_zone("America/New_York");
    cr_expect_str_eq(iso(FRI_NOON_UTC), "2018-04-20T08:00:00-04:00");
}

Test(ardate, iso_datetime_half_hour_offset)
{
    in_zone("Asia/Kolkata");
    cr_expect_str_eq(iso(FRI_NOON_UTC), "2018-04-20T17:30:00+05:30");
}

Test(ardate, iso_datetime_pads_the_year_to_four_digits)
{
    in_zone("UTC");
    cr_expect_str_eq(iso(-61850000000), "0010-01-19T12:26:40+00:00");
}

Test(ardate, rfc822_datetime_has_english_names_and_the_local_offset)
{
    cr_expect_str_eq(machine(rfc822_datetime, FRI_NOON_UTC), "Fri, 20 Apr 2018 15:00:00 +0300");
    cr_expect_str_eq(machine(rfc822_datetime, 1514797200), "Mon, 01 Jan 2018 11:00:00 +0200");
    in_zone("America/St_Johns");
    cr_expect_str_eq(machine(rfc822_datetime, FRI_NOON_UTC), "Fri, 20 Apr 2018 09:30:00 -0230");
    in_zone("UTC");
    cr_expect_str_eq(machine(rfc822_datetime, FRI_NOON_UTC), "Fri, 20 Apr 2018 12:00:00 +0000");
    cr_expect_str_eq(machine(rfc822_datetime, INT64_MAX), "");
}

Test(ardate, time_beyond_struct_tm_appends_nothing)
{
    cr_expect_str_eq(date(INT64_MAX, AR_MONTHS_LEVANTINE, AR_DIGITS_ARABIC), "");
    cr_expect_str_eq(render(ar_datetime, INT64_MIN, AR_MONTHS_LEVANTINE, AR_DIGITS_ARABIC), "");
    cr_expect_str_eq(iso(INT64_MAX), "");
}

Test(ardate, number_in_arabic_indic_and_latin_digits)
{
    cr_expect_str_eq(number(0, AR_DIGITS_ARABIC), "٠");
    cr_expect_str_eq(number(1234567890, AR_DIGITS_ARABIC), "١٢٣٤٥٦٧٨٩٠");
    cr_expect_str_eq(number(1234567890, AR_DIGITS_LATIN), "1234567890");
    cr_expect_str_eq(number(0, AR_DIGITS_LATIN), "0");
}

Test(ardate, negative_numbers_and_the_int64_extremes)
{
    cr_expect_str_eq(number(-45, AR_DIGITS_ARABIC), "-٤٥");
    cr_expect_str_eq(number(-1, AR_DIGITS_LATIN), "-1");
    cr_expect_str_eq(number(INT64_MIN, AR_DIGITS_LATIN), "-9223372036854775808");
    cr_expect_str_eq(number(INT64_MAX, AR_DIGITS_LATIN), "9223372036854775807");
    cr_expect_str_eq(number(INT64_MIN, AR_DIGITS_ARABIC), "-٩٢٢٣٣٧٢٠٣٦٨٥٤٧٧٥٨٠٨");
}

Test(ardate, number_appends_to_what_is_there)
{
    struct buf b = BUF_INIT;
    buf_puts(&b, "عدد ");
    ar_number(&b, 7, AR_DIGITS_ARABIC);
    cr_expect_str_eq(buf_str(&b), "عدد ٧");
    buf_free(&b);
}

Test(ardate, settings_parse_known_values)
{
    enum ar_months m = AR_MONTHS_LEVANTINE;
    cr_expect(ar_months_parse("egyptian", &m));
    cr_expect_eq(m, AR_MONTHS_EGYPTIAN);
    cr_expect(ar_months_parse("maghrebi", &m));
    cr_expect_eq(m, AR_MONTHS_MAGHREBI);
    cr_expect(ar_months_parse("both", &m));
    cr_expect_eq(m, AR_MONTHS_BOTH);
    cr_expect(ar_months_parse("levantine", &m));
    cr_expect_eq(m, AR_MONTHS_LEVANTINE);

    enum ar_digits d = AR_DIGITS_ARABIC;
    cr_expect(ar_digits_parse("latin", &d));
    cr_expect_eq(d, AR_DIGITS_LATIN);
    cr_expect(ar_digits_parse("arabic", &d));
    cr_expect_eq(d, AR_DIGITS_ARABIC);
}

Test(ardate, settings_parse_rejects_others_and_leaves_the_value)
{
    enum ar_months m = AR_MONTHS_MAGHREBI;
    cr_expect(!ar_months_parse("Egyptian", &m));
    cr_expect(!ar_months_parse("", &m));
    cr_expect(!ar_months_parse("levantine ", &m));
    cr_expect(!ar_months_parse(NULL, &m));
    cr_expect_eq(m, AR_MONTHS_MAGHREBI);

    enum ar_digits d = AR_DIGITS_LATIN;
    cr_expect(!ar_digits_parse("hindi", &d));
    cr_expect(!ar_digits_parse(NULL, &d));
    cr_expect_eq(d, AR_DIGITS_LATIN);
}

Test(ardate, iso_datetime_in_local_mean_time_is_written_in_utc)
{
    /* Damascus kept local mean time, UTC+2:25:12, until 1920: RFC 3339 has no seconds in an
     * offset, so the instant is written in UTC rather than shifted */
    cr_expect_str_eq(iso(-2000000000), "1906-08-16T20:26:40+00:00");
}

Test(ardate, iso_datetime_parse_reads_offsets_z_and_fractions)
{
    int64_t t = 0;
    cr_expect(iso_datetime_parse("2018-04-20T15:00:00+03:00", &t));
    cr_expect_eq(t, FRI_NOON_UTC);
    cr_expect(iso_datetime_parse("2018-04-20T12:00:00Z", &t));
    cr_expect_eq(t, FRI_NOON_UTC);
    cr_expect(iso_datetime_parse("2018-04-20t12:00:00.75z", &t), "lower case and a fraction");
    cr_expect_eq(t, FRI_NOON_UTC);
    cr_expect(iso_datetime_parse("2018-04-20 08:00:00-04:00", &t), "a space for T");
    cr_expect_eq(t, FRI_NOON_UTC);
    cr_expect(iso_datetime_parse("2018-04-20T17:30:00+05:30", &t));
    cr_expect_eq(t, FRI_NOON_UTC);
    cr_expect(iso_datetime_parse("2016-12-31T23:59:60Z", &t), "a leap second");
    cr_expect_eq(t, 1483228799);
}

Test(ardate, iso_datetime_parse_round_trips_what_iso_datetime_writes)
{
    int64_t t = 0;
    cr_expect(iso_datetime_parse(iso(1514797200), &t));
    cr_expect_eq(t, 1514797200);
}

Test(ardate, iso_datetime_parse_refuses_what_is_not_rfc_3339)
{
    int64_t t = 42;
    const char *bad[] = {
        "",
        "2018-04-20",                 /* no time */
        "2018-04-20T12:00:00",        /* no zone */
        "2018-04-20T12:00Z",          /* no seconds */
        "2018-02-30T12:00:00Z",       /* no such day */
        "2018-13-01T12:00:00Z",       /* no such month */
        "2018-04-20T24:00:00Z",       /* no such hour */
        "2018-04-20T12:00:00+0300",   /* offset without a colon */
        "2018-04-20T12:00:00+03:00x", /* something after */
        "2018-04-20T12:00:00.Z",      /* an empty fraction */
        "+018-04-20T12:00:00Z",       /* a sign in the year */
        "٢٠١٨-04-20T12:00:00Z",       /* digits the parser does not read */
        "1524225600",                 /* seconds are read by the caller, not here */
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        cr_expect(!iso_datetime_parse(bad[i], &t), "%s", bad[i]);
    cr_expect(!iso_datetime_parse(NULL, &t));
    cr_expect_eq(t, 42, "left unchanged");
}

Test(ardate, a_day_starts_at_local_midnight_and_impossible_days_are_refused)
{
    int64_t t = 0;
    cr_assert(iso_date_parse("2018-04-20", &t));
    cr_expect_eq(t, FRI_NOON_UTC - 15 * 3600,
                 "midnight in Damascus is 21:00 the day before in UTC");
    struct buf b = BUF_INIT;
    iso_date(&b, t);
    cr_expect_str_eq(buf_str(&b), "2018-04-20");
    buf_free(&b);
    const char *bad[] = {"2018-02-30",       "2018-4-20", "20-04-2018",
                         "2018-04-20T00:00", "",          "yesterday"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        cr_expect(!iso_date_parse(bad[i], &t), "%s", bad[i]);
}

/* ardate.c: Arabic dates and numbers for readers, RFC 3339 for machines (see ardate.h). */
#include "text/ardate.h"
#include "base/mem.h"

#include <string.h>

static const char *const weekdays[7] = {
    "الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت",
};

static const char *const levantine[12] = {
    "كانون الثاني", "شباط", "آذار",  "نيسان",       "أيار",         "حزيران",
    "تموز",         "آب",   "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول",
};

static const char *const egyptian[12] = {
    "يناير", "فبراير", "مارس",   "أبريل",  "مايو",   "يونيو",
    "يوليو", "أغسطس",  "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر",
};

static const char *const maghrebi[12] = {
    "جانفي",  "فيفري", "مارس",   "أفريل",  "ماي",    "جوان",
    "جويلية", "أوت",   "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر",
};

static const char *const month_settings[] = {
    [AR_MONTHS_LEVANTINE] = "levantine",
    [AR_MONTHS_EGYPTIAN] = "egyptian",
    [AR_MONTHS_MAGHREBI] = "maghrebi",
    [AR_MONTHS_BOTH] = "both",
};

static const char *const digit_settings[] = {
    [AR_DIGITS_ARABIC] = "arabic",
    [AR_DIGITS_LATIN] = "latin",
};

bool ar_months_parse(const char *s, enum ar_months *out)
{
    for (size_t i = 0; s && i < ARRAY_LEN(month_settings); i++) {
        if (strcmp(s, month_settings[i]) == 0) {
            *out = (enum ar_months)i;
            return true;
        }
    }
    return false;
}

bool ar_digits_parse(const char *s, enum ar_digits *out)
{
    for (size_t i = 0; s && i < ARRAY_LEN(digit_settings); i++) {
        if (strcmp(s, digit_settings[i]) == 0) {
            *out = (enum ar_digits)i;
            return true;
        }
    }
    return false;
}

/* Appends the digits of u, at least width of them (zero-padded). */
static void put_digits(struct buf *out, uint64_t u, int width, enum ar_digits digits)
{
    char tmp[20]; /* UINT64_MAX has 20 digits */
    int n = 0;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u && n < (int)sizeof tmp);
    while (n < width && n < (int)sizeof tmp)
        tmp[n++] = '0';
    while (n--) {
        if (digits == AR_DIGITS_ARABIC) {
            /* U+0660..U+0669 are D9 A0..D9 A9 in UTF-8 */
            char ar[2] = {(char)0xD9, (char)(0xA0 + (tmp[n] - '0'))};
            buf_append(out, ar, 2);
        } else {
            buf_putc(out, tmp[n]);
        }
    }
}

void ar_number(struct buf *out, int64_t n, enum ar_digits digits)
{
    /* Negating in unsigned arithmetic keeps INT64_MIN well-defined. */
    uint64_t u = (uint64_t)n;
    if (n < 0) {
        buf_putc(out, '-');
        u = 0 - u;
    }
    put_digits(out, u, 1, digits);
}

/* The broken-down local time of t; false when t is outside what struct tm can hold. */
static bool local_tm(int64_t t, struct tm *tm)
{
    time_t tt = (time_t)t;
    if ((int64_t)tt != t)
        return false;
    return localtime_r(&tt, tm) != NULL;
}

static void put_month(struct buf *out, int mon, enum ar_months style)
{
    switch (style) {
    case AR_MONTHS_EGYPTIAN: buf_puts(out, egyptian[mon]); break;
    case AR_MONTHS_MAGHREBI: buf_puts(out, maghrebi[mon]); break;
    case AR_MONTHS_BOTH: buf_printf(out, "%s (%s)", levantine[mon], egyptian[mon]); break;
    case AR_MONTHS_LEVANTINE:
    default: buf_puts(out, levantine[mon]); break;
    }
}

static void put_date(struct buf *out, const struct tm *tm, const struct ar_date_style *style)
{
    buf_puts(out, weekdays[tm->tm_wday]);
    buf_putc(out, ' ');
    put_digits(out, (uint64_t)tm->tm_mday, 1, style->digits);
    buf_putc(out, ' ');
    put_month(out, tm->tm_mon, style->months);
    buf_putc(out, ' ');
    ar_number(out, (int64_t)tm->tm_year + 1900, style->digits);
}

void ar_date(struct buf *out, int64_t t, const struct ar_date_style *style)
{
    struct tm tm;
    if (local_tm(t, &tm))
        put_date(out, &tm, style);
}

void ar_datetime(struct buf *out, int64_t t, const struct ar_date_style *style)
{
    struct tm tm;
    if (!local_tm(t, &tm))
        return;
    put_date(out, &tm, style);
    buf_puts(out, "، "); /* U+060C ARABIC COMMA */
    put_digits(out, (uint64_t)tm.tm_hour, 2, style->digits);
    buf_putc(out, ':');
    put_digits(out, (uint64_t)tm.tm_min, 2, style->digits);
}

/* The local time of t and its offset from UTC (*sign '+' or '-', *off its size in seconds),
 * for machine-readable dates: zones with offsets in seconds (local mean time before ~1920) give
 * UTC instead, since RFC 3339 and RFC 822 offsets are whole minutes and the instant must stay
 * exact. */
static bool machine_tm(int64_t t, struct tm *tm, char *sign, long *off)
{
    if (!local_tm(t, tm))
        return false;
    long gmtoff = tm->tm_gmtoff;
    if (gmtoff % 60 != 0) {
        time_t tt = (time_t)t;
        gmtoff = 0;
        if (!gmtime_r(&tt, tm))
            return false;
    }
    *sign = gmtoff < 0 ? '-' : '+';
    *off = gmtoff < 0 ? -gmtoff : gmtoff;
    return true;
}

void iso_datetime(struct buf *out, int64_t t)
{
    struct tm tm;
    char sign;
    long off;
    if (machine_tm(t, &tm, &sign, &off))
        buf_printf(out, "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld", tm.tm_year + 1900,
                   tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, sign, off / 3600,
                   off / 60 % 60);
}

void rfc822_datetime(struct buf *out, int64_t t)
{
    /* English names whatever the locale: the format requires them. */
    static const char days[7][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    struct tm tm;
    char sign;
    long off;
    if (machine_tm(t, &tm, &sign, &off))
        buf_printf(out, "%s, %02d %s %04d %02d:%02d:%02d %c%02ld%02ld", days[tm.tm_wday],
                   tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                   tm.tm_sec, sign, off / 3600, off / 60 % 60);
}

/* The number written with exactly n ASCII digits at s, or -1. */
static int fixed_digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

bool iso_datetime_parse(const char *s, int64_t *out)
{
    /* 2018-04-20T14:05:00 is 19 bytes; the shortest zone is one more ("Z"). */
    if (!s || strlen(s) < 20 || s[4] != '-' || s[7] != '-' || !strchr("Tt ", s[10]) ||
        s[13] != ':' || s[16] != ':')
        return false;
    int year = fixed_digits(s, 4), month = fixed_digits(s + 5, 2), day = fixed_digits(s + 8, 2);
    int hour = fixed_digits(s + 11, 2), minute = fixed_digits(s + 14, 2);
    int second = fixed_digits(s + 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 ||
        minute < 0 || minute > 59 || second < 0 || second > 60)
        return false;
    const char *p = s + 19;
    if (*p == '.') {
        if (fixed_digits(++p, 1) < 0)
            return false;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    long offset;
    if ((*p == 'Z' || *p == 'z') && !p[1]) {
        offset = 0;
    } else if ((*p == '+' || *p == '-') && strlen(p) == 6 && p[3] == ':') {
        int oh = fixed_digits(p + 1, 2), om = fixed_digits(p + 4, 2);
        if (oh < 0 || oh > 23 || om < 0 || om > 59)
            return false;
        offset = (oh * 60L + om) * 60 * (*p == '-' ? -1 : 1);
    } else {
        return false;
    }
    struct tm tm = {
        .tm_year = year - 1900,
        .tm_mon = month - 1,
        .tm_mday = day,
        .tm_hour = hour,
        .tm_min = minute,
        .tm_sec = second == 60 ? 59 : second,
    };
    time_t t = timegm(&tm);
    /* timegm() carries 30 February into March: such a date did not exist. */
    if (tm.tm_mday != day || tm.tm_mon != month - 1)
        return false;
    *out = (int64_t)t - offset;
    return true;
}

bool iso_date_parse(const char *s, int64_t *out)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    int year = fixed_digits(s, 4), month = fixed_digits(s + 5, 2), day = fixed_digits(s + 8, 2);
    if (year < 1000 || month < 1 || month > 12 || day < 1 || day > 31)
        return false;
    struct tm tm = {.tm_year = year - 1900, .tm_mon = month - 1, .tm_mday = day, .tm_isdst = -1};
    time_t t = mktime(&tm);
    /* mktime() carries 30 February into March: such a date did not exist. */
    if (t == (time_t)-1 || tm.tm_mday != day || tm.tm_mon != month - 1)
        return false;
    *out = (int64_t)t;
    return true;
}

void iso_date(struct buf *out, int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!localtime_r(&tt, &tm))
        return;
    buf_printf(out, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

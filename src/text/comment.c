/* comment.c: checking and showing readers' comments (see comment.h). */
#include "text/comment.h"

#include "base/utf8.h"
#include "text/escape.h"

#include <string.h>

/* The longest address linked; a longer one is shown as text (it is noise, not a reference). */
enum { URL_MAX = 2000 };

/* What comment_check tells the reader, one message per rule. */
static const char MSG_UTF8[] = "النص ليس بترميز صالح.";
static const char MSG_CONTROLS[] = "النص يحتوي على محارف تحكم غير مسموحة.";
static const char MSG_NAME_EMPTY[] = "اكتب اسمك.";
static const char MSG_NAME_LONG[] = "الاسم أطول من ٨٠ حرفًا.";
static const char MSG_EMAIL[] = "عنوان البريد الإلكتروني غير صالح.";
static const char MSG_TEXT_SHORT[] = "التعليق قصير جدًا: اكتب حرفين على الأقل.";
static const char MSG_TEXT_LONG[] = "التعليق أطول من ٥٠٠٠ حرف.";
static const char MSG_LINKS[] = "لا يُسمح بأكثر من ثلاثة روابط في التعليق.";

static bool is_ascii_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static bool is_ascii_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* ---- trimming ---- */

/* The byte length of the white space comment_trim removes when it starts at s (n bytes left), or
 * 0. Besides ASCII white space and the no-break space, the invisible marks Arabic keyboards and
 * editors put around text: LRM U+200E, RLM U+200F and the BOM U+FEFF. */
static size_t trim_space_at(const unsigned char *s, size_t n)
{
    if (n >= 1 && is_ascii_space(s[0]))
        return 1;
    if (n >= 2 && s[0] == 0xC2 && s[1] == 0xA0)
        return 2;
    if (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0x8E || s[2] == 0x8F))
        return 3;
    if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
        return 3;
    return 0;
}

/* The byte length of such white space ending at s + n, or 0. Lead bytes (C2, E2, EF) are never
 * continuation bytes, so matching the last 2 or 3 bytes exactly finds a whole character. */
static size_t trim_space_before(const unsigned char *s, size_t n)
{
    for (size_t k = 1; k <= 3 && k <= n; k++)
        if (trim_space_at(s + n - k, k) == k)
            return k;
    return 0;
}

size_t comment_trim(const char *str, size_t n, size_t *start)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t b = 0, e = n, k;
    while (b < e && (k = trim_space_at(s + b, e - b)) > 0)
        b += k;
    while (e > b && (k = trim_space_before(s + b, e - b)) > 0)
        e -= k;
    *start = b;
    return e - b;
}

/* ---- web addresses ---- */

/* The byte length of the character at s (n bytes left) when it cannot be part of a web address
 * (white space, controls, quotes and angle brackets, Arabic punctuation, invisible spaces and
 * direction marks), or 0 when it can. */
static size_t url_stop_at(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c <= ' ' || c == 0x7F || c == '<' || c == '>' || c == '"' || c == '\'')
        return 1;
    if (c < 0x80 || n < 2)
        return 0;
    if (c == 0xC2 && (s[1] == 0xA0 || s[1] == 0xAB || s[1] == 0xBB)) /* NBSP « » */
        return 2;
    if (c == 0xD8 && (s[1] == 0x8C || s[1] == 0x9B || s[1] == 0x9C || s[1] == 0x9F))
        return 2; /* ، ؛ ALM ؟ */
    if (n < 3)
        return 0;
    /* U+2000–U+200F (spaces, zero widths, LRM, RLM), U+2028–U+202F (line and paragraph
     * separators, bidi embeddings and overrides, which could disguise a link's text). */
    if (c == 0xE2 && s[1] == 0x80 && (s[2] <= 0x8F || (s[2] >= 0xA8 && s[2] <= 0xAF)))
        return 3;
    /* U+205F medium space, U+2066–U+2069 bidi isolates. */
    if (c == 0xE2 && s[1] == 0x81 && (s[2] == 0x9F || (s[2] >= 0xA6 && s[2] <= 0xA9)))
        return 3;
    if ((c == 0xE3 && s[1] == 0x80 && s[2] == 0x80) || (c == 0xEF && s[1] == 0xBB && s[2] == 0xBF))
        return 3; /* ideographic space, BOM */
    return 0;
}

/* Whether the n bytes at s start with the ASCII string lower, ignoring case. */
static bool starts_with_nocase(const char *s, size_t n, const char *lower)
{
    size_t k = strlen(lower);
    if (n < k)
        return false;
    for (size_t i = 0; i < k; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != lower[i])
            return false;
    }
    return true;
}

/* Whether c is punctuation that ends a sentence or clause rather than an address. */
static bool is_trailing_punct(char c)
{
    return c != '\0' && strchr(".,:;!?", c) != NULL;
}

/* The brackets an address may hold in pairs: "https://en.wikipedia.org/wiki/C_(language)". */
static const char OPENING[] = "([{", CLOSING[] = ")]}";

/* The index of c in set (a bracket string above), or -1. */
static int bracket(const char *set, char c)
{
    const char *at = c ? strchr(set, c) : NULL;
    return at ? (int)(at - set) : -1;
}

/* Whether the n bytes at s (n > 0) may start the body of an address, after its prefix. */
static bool url_body_start(const char *s, size_t n)
{
    return !url_stop_at((const unsigned char *)s, n) && !is_trailing_punct(s[0]) &&
           bracket(CLOSING, s[0]) < 0;
}

/*
 * The length of the web address prefix (http://, https:// or www., any case) at s + i, or 0.
 * It must start a word: "xhttp://", "awww." and the "www." of "http://www." are not addresses.
 * Only ASCII letters and digits count as a word before it, since the Arabic proclitics و ب ل are
 * written joined to the next word ("وhttps://...") and the address is still one. A character
 * that url_length keeps must follow the prefix (so "http://" alone, or "www." ending a sentence,
 * is no address), which makes every address comment_links counts one comment_html links.
 */
static size_t url_prefix(const char *s, size_t n, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    if (c != 'h' && c != 'H' && c != 'w' && c != 'W')
        return 0; /* the common case, quickly */
    if (i > 0) {
        unsigned char prev = (unsigned char)s[i - 1];
        if (is_ascii_alnum(prev) || prev == '.' || prev == '/')
            return 0;
    }
    size_t k = 0;
    if (starts_with_nocase(s + i, n - i, "https://"))
        k = 8;
    else if (starts_with_nocase(s + i, n - i, "http://"))
        k = 7;
    else if (starts_with_nocase(s + i, n - i, "www."))
        k = 4;
    if (k == 0 || i + k >= n || !url_body_start(s + i + k, n - i - k))
        return 0;
    return k;
}

/*
 * The length of the web address at s (n bytes left) whose prefix is k bytes long: up to the
 * first character that cannot be in an address, less the punctuation that ends the sentence
 * around it ("see https://a.com/x." or "(https://a.com/x)") but not the brackets the address
 * itself opened ("https://en.wikipedia.org/wiki/C_(language)"). Always more than k (see
 * url_prefix). Sets *span to the bytes before trimming, so a refused address is passed over whole.
 */
static size_t url_length(const char *s, size_t n, size_t k, size_t *span)
{
    size_t e = k;
    size_t open[3] = {0}, close[3] = {0};
    int b;
    for (; e < n && url_stop_at((const unsigned char *)s + e, n - e) == 0; e++) {
        if ((b = bracket(OPENING, s[e])) >= 0)
            open[b]++;
        else if ((b = bracket(CLOSING, s[e])) >= 0)
            close[b]++;
    }
    *span = e;
    for (; e > k; e--) {
        char last = s[e - 1];
        if ((b = bracket(CLOSING, last)) >= 0 && close[b] > open[b])
            close[b]--;
        else if (!is_trailing_punct(last))
            break;
    }
    return e;
}

/* Every address start counts, also one inside another address ("https://a.com/?u=https://b.com"
 * is two): a spammer cannot chain addresses with commas into one, and the cost to an honest
 * reader is small. */
int comment_links(const char *text, size_t n)
{
    int count = 0;
    for (size_t i = 0; i < n; i++) {
        size_t k = url_prefix(text, n, i);
        if (k > 0) {
            count++;
            i += k - 1;
        }
    }
    return count;
}

/* ---- checking ---- */

static bool problem(struct comment_problem *p, const char *field, const char *message)
{
    if (p) {
        p->field = field;
        p->message = message;
    }
    return false;
}

/* Whether the n bytes at s hold any C0 control character (tab and line breaks included) or
 * DEL: a name or an address is one line. */
static bool has_any_control(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7F)
            return true;
    return false;
}

/*
 * Whether the n bytes at s look like one e-mail address: local@domain.tld, one @, no spaces, no
 * characters an unquoted address cannot hold, domain labels not empty. Not RFC 5322: an address
 * that passes may still bounce, but a typo like "ali@gmail" or "ali gmail.com" is caught.
 * Non-ASCII (internationalized) addresses pass.
 */
static bool email_plausible(const char *s, size_t n)
{
    if (n > COMMENT_EMAIL_MAX)
        return false;
    size_t at = n;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '@') {
            if (at != n)
                return false; /* a second @ */
            at = i;
        } else if (s[i] != '\0' && strchr(" \"(),:;<>[\\]", s[i])) {
            return false;
        } else if (trim_space_at((const unsigned char *)s + i, n - i)) {
            return false; /* no-break space, direction marks */
        }
    }
    if (at == 0 || at == n)
        return false;
    const char *d = s + at + 1;
    size_t dn = n - at - 1;
    if (dn == 0 || d[0] == '.' || d[dn - 1] == '.' || !memchr(d, '.', dn))
        return false;
    for (size_t i = 1; i < dn; i++)
        if (d[i] == '.' && d[i - 1] == '.')
            return false;
    return true;
}

/* A field's trimmed bytes (NULL stands for ""). */
struct field {
    const char *s;
    size_t n;
};

static struct field trimmed(const char *s)
{
    struct field f = {"", 0};
    if (s) {
        size_t start;
        f.n = comment_trim(s, strlen(s), &start);
        f.s = s + start;
    }
    return f;
}

static bool valid_utf8(const char *s)
{
    return !s || utf8_valid(s, strlen(s));
}

bool comment_check(const char *name, const char *email, const char *text, struct comment_problem *p)
{
    /* Validity first: lengths and the rest below mean nothing in broken UTF-8. */
    if (!valid_utf8(name))
        return problem(p, "name", MSG_UTF8);
    if (!valid_utf8(email))
        return problem(p, "email", MSG_UTF8);
    if (!valid_utf8(text))
        return problem(p, "text", MSG_UTF8);

    struct field nm = trimmed(name), em = trimmed(email), tx = trimmed(text);

    if (has_any_control(nm.s, nm.n))
        return problem(p, "name", MSG_CONTROLS);
    size_t len = utf8_length(nm.s, nm.n);
    if (len < COMMENT_NAME_MIN)
        return problem(p, "name", MSG_NAME_EMPTY);
    if (len > COMMENT_NAME_MAX)
        return problem(p, "name", MSG_NAME_LONG);

    if (has_any_control(em.s, em.n))
        return problem(p, "email", MSG_CONTROLS);
    if (em.n > 0 && !email_plausible(em.s, em.n))
        return problem(p, "email", MSG_EMAIL);

    if (utf8_has_controls(tx.s, tx.n)) /* tabs and line breaks are the text's own */
        return problem(p, "text", MSG_CONTROLS);
    len = utf8_length(tx.s, tx.n);
    if (len < COMMENT_TEXT_MIN)
        return problem(p, "text", MSG_TEXT_SHORT);
    if (len > COMMENT_TEXT_MAX)
        return problem(p, "text", MSG_TEXT_LONG);
    if (comment_links(tx.s, tx.n) > COMMENT_LINKS_MAX)
        return problem(p, "text", MSG_LINKS);
    return true;
}

/* ---- showing ---- */

/* The end of the run of line breaks starting at s + i (a break, or spaces and tabs between
 * breaks, which show as nothing); the number of breaks in *breaks. \r\n and \r are one break. */
static size_t break_run(const char *s, size_t n, size_t i, size_t *breaks)
{
    size_t end = i;
    *breaks = 0;
    while (i < n) {
        if (s[i] == '\r') {
            i += (i + 1 < n && s[i + 1] == '\n') ? 2 : 1;
        } else if (s[i] == '\n') {
            i++;
        } else if (s[i] == ' ' || s[i] == '\t') {
            i++;
            continue; /* part of the run only when another break follows */
        } else {
            break;
        }
        ++*breaks;
        end = i;
    }
    return end;
}

/* Appends the link for the n-byte address at url with a k-byte prefix. The href's scheme is
 * written in lower case (and a www. address gets https://); the rest is as the reader wrote it,
 * escaped. The text shown is the address as written. */
static void append_link(struct buf *out, const char *url, size_t n, size_t k)
{
    buf_puts(out, "<a href=\"");
    if (k == 4) {
        buf_puts(out, "https://");
        esc_html(out, url, n);
    } else {
        buf_puts(out, k == 8 ? "https://" : "http://");
        esc_html(out, url + k, n - k);
    }
    buf_puts(out, "\" rel=\"nofollow ugc noopener\">");
    esc_html(out, url, n);
    buf_puts(out, "</a>");
}

void comment_html(struct buf *out, const char *text, size_t n)
{
    size_t plain = 0; /* where the text not yet appended starts */
    size_t i = 0;
    while (i < n) {
        if (text[i] == '\n' || text[i] == '\r') {
            size_t breaks;
            size_t end = break_run(text, n, i, &breaks);
            esc_html(out, text + plain, i - plain);
            for (size_t b = 0; b < breaks && b < 2; b++)
                buf_puts(out, "<br>");
            i = plain = end;
            continue;
        }
        size_t k = url_prefix(text, n, i);
        if (k == 0) {
            i++;
            continue;
        }
        size_t span, len = url_length(text + i, n - i, k, &span);
        if (len <= URL_MAX) {
            esc_html(out, text + plain, i - plain);
            append_link(out, text + i, len, k);
            i = plain = i + len;
        } else {
            i += span; /* shown as text, none of it linked */
        }
    }
    esc_html(out, text + plain, n - plain);
}

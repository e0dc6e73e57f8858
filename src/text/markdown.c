/*
 * markdown.c: Markdown to HTML with md4c's parser and our own renderer (see markdown.h).
 *
 * md4c-html is not used because it links any URL scheme; here javascript:, data: and the rest
 * lose their <a> or <img> and keep only their text.
 */
#include "text/markdown.h"
#include "text/escape.h"
#include "base/mem.h"

#include <md4c.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

#define REPLACEMENT_CHAR "\xEF\xBF\xBD" /* U+FFFD */

struct render {
    struct buf *out;
    int image; /* depth of open images: inside one, only the alt text is written */
};

/* True for what md4c reports as an entity (&name; &#123; &#x1F;), checked again because
 * entities are the one text written unescaped. */
static bool entity_ok(const char *s, size_t n)
{
    if (n < 3 || s[0] != '&' || s[n - 1] != ';')
        return false;
    for (size_t i = 1; i < n - 1; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!(c == '#' || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')))
            return false;
    }
    return true;
}

static void put_entity(struct buf *out, const char *s, size_t n)
{
    if (entity_ok(s, n))
        buf_append(out, s, n);
    else
        esc_html(out, s, n);
}

/* An attribute other than a URL (title, alt, language): entities can only ever be text there. */
static void put_attr(struct buf *out, const MD_ATTRIBUTE *a)
{
    for (int i = 0; a->substr_offsets[i] < a->size; i++) {
        const char *s = a->text + a->substr_offsets[i];
        size_t n = a->substr_offsets[i + 1] - a->substr_offsets[i];
        if (a->substr_types[i] == MD_TEXT_ENTITY)
            put_entity(out, s, n);
        else if (a->substr_types[i] == MD_TEXT_NULLCHAR)
            buf_puts(out, REPLACEMENT_CHAR);
        else
            esc_html(out, s, n);
    }
}

/* The character an entity in a URL stands for, into out. Named entities beyond the few that
 * appear in URLs stay literal, so the scheme check sees the same text the browser will. */
static void decode_entity(struct buf *out, const char *s, size_t n)
{
    static const struct {
        const char *name, *text;
    } named[] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}};
    if (n > 2 && s[1] == '#') {
        bool hex = s[2] == 'x' || s[2] == 'X';
        long cp = 0;
        for (size_t i = hex ? 3 : 2; i < n - 1 && cp <= 0x10FFFF; i++) {
            unsigned char c = (unsigned char)s[i];
            int d = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
            cp = cp * (hex ? 16 : 10) + d;
        }
        utf8proc_uint8_t enc[4];
        if (cp == 0 || !utf8proc_codepoint_valid((utf8proc_int32_t)cp))
            buf_puts(out, REPLACEMENT_CHAR);
        else
            buf_append(out, enc, (size_t)utf8proc_encode_char((utf8proc_int32_t)cp, enc));
        return;
    }
    for (size_t i = 0; i < ARRAY_LEN(named); i++) {
        if (strlen(named[i].name) == n && memcmp(named[i].name, s, n) == 0) {
            buf_puts(out, named[i].text);
            return;
        }
    }
    buf_append(out, s, n);
}

/* The URL as the browser will read it back from our escaped attribute. */
static void decode_url(struct buf *out, const MD_ATTRIBUTE *a)
{
    for (int i = 0; a->substr_offsets[i] < a->size; i++) {
        const char *s = a->text + a->substr_offsets[i];
        size_t n = a->substr_offsets[i + 1] - a->substr_offsets[i];
        if (a->substr_types[i] == MD_TEXT_ENTITY)
            decode_entity(out, s, n);
        else if (a->substr_types[i] == MD_TEXT_NULLCHAR)
            buf_puts(out, REPLACEMENT_CHAR);
        else
            buf_append(out, s, n);
    }
}

static bool scheme_is(const char *scheme, size_t n, const char *want)
{
    if (strlen(want) != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        if ((scheme[i] | 0x20) != want[i])
            return false;
    }
    return true;
}

/* Whether u has no scheme (a relative URL) or one we link: http, https, mailto. Read the way the
 * WHATWG URL parser reads it: leading C0 controls and spaces skipped, tab and newlines ignored
 * anywhere, so " java\tscript:" is still javascript:. */
static bool url_allowed(const char *u, size_t n)
{
    size_t i = 0;
    while (i < n && (unsigned char)u[i] <= 0x20)
        i++;
    char scheme[8];
    size_t len = 0;
    for (; i < n; i++) {
        unsigned char c = (unsigned char)u[i];
        if (c == '\t' || c == '\n' || c == '\r')
            continue;
        bool alpha = (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
        if (c == ':')
            break;
        if (!(alpha || (len > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))))
            return true; /* not a scheme character before any ':': a relative URL */
        if (len < sizeof scheme)
            scheme[len] = (char)c;
        len++;
    }
    if (i == n || len == 0)
        return true; /* no ':' at all, or ":..." (a relative path) */
    return len <= sizeof scheme &&
           (scheme_is(scheme, len, "http") || scheme_is(scheme, len, "https") ||
            scheme_is(scheme, len, "mailto"));
}

static bool url_ok(const MD_ATTRIBUTE *a)
{
    struct buf url = BUF_INIT;
    decode_url(&url, a);
    bool ok = url_allowed(buf_str(&url), url.len);
    buf_free(&url);
    return ok;
}

/* Writes name="url", escaped, for a URL url_ok() accepted. */
static void put_url(struct buf *out, const char *name, const MD_ATTRIBUTE *a)
{
    struct buf url = BUF_INIT;
    decode_url(&url, a);
    buf_printf(out, " %s=\"", name);
    esc_html(out, buf_str(&url), url.len);
    buf_putc(out, '"');
    buf_free(&url);
}

static void put_title(struct buf *out, const MD_ATTRIBUTE *title)
{
    if (title->size > 0) {
        buf_puts(out, " title=\"");
        put_attr(out, title);
        buf_putc(out, '"');
    }
}

static void put_cell(struct buf *out, const char *tag, const MD_BLOCK_TD_DETAIL *d)
{
    /* align, not style: the site's CSP (style-src 'self') ignores style attributes */
    static const char *const align[] = {
        [MD_ALIGN_DEFAULT] = "",
        [MD_ALIGN_LEFT] = " align=\"left\"",
        [MD_ALIGN_CENTER] = " align=\"center\"",
        [MD_ALIGN_RIGHT] = " align=\"right\"",
    };
    buf_printf(out, "<%s%s>", tag, align[d->align]);
}

static int enter_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
    struct buf *out = ((struct render *)userdata)->out;
    switch (type) {
    case MD_BLOCK_QUOTE:
        buf_puts(out, "<blockquote>\n");
        break;
    case MD_BLOCK_UL:
        buf_puts(out, "<ul>\n");
        break;
    case MD_BLOCK_OL: {
        unsigned start = ((MD_BLOCK_OL_DETAIL *)detail)->start;
        if (start == 1)
            buf_puts(out, "<ol>\n");
        else
            buf_printf(out, "<ol start=\"%u\">\n", start);
        break;
    }
    case MD_BLOCK_LI:
        buf_puts(out, "<li>");
        break;
    case MD_BLOCK_HR:
        buf_puts(out, "<hr>\n");
        break;
    case MD_BLOCK_H:
        buf_printf(out, "<h%u>", ((MD_BLOCK_H_DETAIL *)detail)->level);
        break;
    case MD_BLOCK_CODE: {
        const MD_ATTRIBUTE *lang = &((MD_BLOCK_CODE_DETAIL *)detail)->lang;
        buf_puts(out, "<pre><code");
        if (lang->size > 0) {
            buf_puts(out, " class=\"language-");
            put_attr(out, lang);
            buf_putc(out, '"');
        }
        buf_putc(out, '>');
        break;
    }
    case MD_BLOCK_P:
        buf_puts(out, "<p>");
        break;
    case MD_BLOCK_TABLE:
        buf_puts(out, "<table>\n");
        break;
    case MD_BLOCK_THEAD:
        buf_puts(out, "<thead>\n");
        break;
    case MD_BLOCK_TBODY:
        buf_puts(out, "<tbody>\n");
        break;
    case MD_BLOCK_TR:
        buf_puts(out, "<tr>\n");
        break;
    case MD_BLOCK_TH:
        put_cell(out, "th", detail);
        break;
    case MD_BLOCK_TD:
        put_cell(out, "td", detail);
        break;
    default:
        break; /* the document itself; HTML blocks, off with MD_FLAG_NOHTML */
    }
    return 0;
}

static int leave_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
    struct buf *out = ((struct render *)userdata)->out;
    switch (type) {
    case MD_BLOCK_QUOTE:
        buf_puts(out, "</blockquote>\n");
        break;
    case MD_BLOCK_UL:
        buf_puts(out, "</ul>\n");
        break;
    case MD_BLOCK_OL:
        buf_puts(out, "</ol>\n");
        break;
    case MD_BLOCK_LI:
        buf_puts(out, "</li>\n");
        break;
    case MD_BLOCK_H:
        buf_printf(out, "</h%u>\n", ((MD_BLOCK_H_DETAIL *)detail)->level);
        break;
    case MD_BLOCK_CODE:
        buf_puts(out, "</code></pre>\n");
        break;
    case MD_BLOCK_P:
        buf_puts(out, "</p>\n");
        break;
    case MD_BLOCK_TABLE:
        buf_puts(out, "</table>\n");
        break;
    case MD_BLOCK_THEAD:
        buf_puts(out, "</thead>\n");
        break;
    case MD_BLOCK_TBODY:
        buf_puts(out, "</tbody>\n");
        break;
    case MD_BLOCK_TR:
        buf_puts(out, "</tr>\n");
        break;
    case MD_BLOCK_TH:
        buf_puts(out, "</th>\n");
        break;
    case MD_BLOCK_TD:
        buf_puts(out, "</td>\n");
        break;
    default:
        break;
    }
    return 0;
}

/* md4c hands the same detail to leave_span as to enter_span, so a refused URL is simply refused
 * again on the way out and no stack of open links is needed. */
static int enter_span(MD_SPANTYPE type, void *detail, void *userdata)
{
    struct render *r = userdata;
    if (type == MD_SPAN_IMG && r->image++ == 0) {
        const MD_SPAN_IMG_DETAIL *img = detail;
        if (url_ok(&img->src)) {
            buf_puts(r->out, "<img");
            put_url(r->out, "src", &img->src);
            buf_puts(r->out, " alt=\"");
        }
        return 0;
    }
    if (r->image > 0)
        return 0;
    switch (type) {
    case MD_SPAN_EM:
        buf_puts(r->out, "<em>");
        break;
    case MD_SPAN_STRONG:
        buf_puts(r->out, "<strong>");
        break;
    case MD_SPAN_DEL:
        buf_puts(r->out, "<del>");
        break;
    case MD_SPAN_CODE:
        buf_puts(r->out, "<code>");
        break;
    case MD_SPAN_A: {
        const MD_SPAN_A_DETAIL *a = detail;
        if (url_ok(&a->href)) {
            buf_puts(r->out, "<a");
            put_url(r->out, "href", &a->href);
            put_title(r->out, &a->title);
            buf_putc(r->out, '>');
        }
        break;
    }
    default:
        break;
    }
    return 0;
}

static int leave_span(MD_SPANTYPE type, void *detail, void *userdata)
{
    struct render *r = userdata;
    if (type == MD_SPAN_IMG && --r->image == 0) {
        const MD_SPAN_IMG_DETAIL *img = detail;
        if (url_ok(&img->src)) {
            buf_putc(r->out, '"');
            put_title(r->out, &img->title);
            buf_putc(r->out, '>');
        }
        return 0;
    }
    if (r->image > 0)
        return 0;
    switch (type) {
    case MD_SPAN_EM:
        buf_puts(r->out, "</em>");
        break;
    case MD_SPAN_STRONG:
        buf_puts(r->out, "</strong>");
        break;
    case MD_SPAN_DEL:
        buf_puts(r->out, "</del>");
        break;
    case MD_SPAN_CODE:
        buf_puts(r->out, "</code>");
        break;
    case MD_SPAN_A:
        if (url_ok(&((MD_SPAN_A_DETAIL *)detail)->href))
            buf_puts(r->out, "</a>");
        break;
    default:
        break;
    }
    return 0;
}

static int text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE n, void *userdata)
{
    struct render *r = userdata;
    switch (type) {
    case MD_TEXT_NULLCHAR:
        buf_puts(r->out, REPLACEMENT_CHAR);
        break;
    case MD_TEXT_BR:
        buf_puts(r->out, r->image ? " " : "<br>\n");
        break;
    case MD_TEXT_SOFTBR:
        buf_puts(r->out, r->image ? " " : "\n");
        break;
    case MD_TEXT_ENTITY:
        put_entity(r->out, s, n);
        break;
    default:
        esc_html(r->out, s, n);
        break; /* normal, code, and raw HTML shown as text */
    }
    return 0;
}

int markdown_html(struct buf *out, const char *md, size_t n)
{
    if (n > UINT32_MAX)
        return -1;
    const MD_PARSER parser = {
        .flags = MD_DIALECT_COMMONMARK | MD_FLAG_NOHTML | MD_FLAG_STRIKETHROUGH | MD_FLAG_TABLES |
                 MD_FLAG_PERMISSIVEURLAUTOLINKS,
        .enter_block = enter_block,
        .leave_block = leave_block,
        .enter_span = enter_span,
        .leave_span = leave_span,
        .text = text,
    };
    /* Rendered aside so that a failure leaves out as it was. */
    struct buf html = BUF_INIT;
    struct render r = {.out = &html, .image = 0};
    int rc = md_parse(md, (MD_SIZE)n, &parser, &r);
    if (rc == 0)
        buf_append(out, buf_str(&html), html.len);
    buf_free(&html);
    return rc == 0 ? 0 : -1;
}

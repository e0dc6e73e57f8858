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

/* Links nest (in md4c's reports of odd input, at least) as deep as this; deeper ones stay text. */
enum { LINK_DEPTH = 64 };

/*
 * md4c 0.4.8 reports the image spans of some odd input unpaired or with the wrong detail: in
 * "![[](![)]()](a:)" one image opens and two close, the first with the other's detail; in
 * "![![](![]()]())" two open and one closes. So a closing writes what its opening decided, a
 * closing with nothing open writes nothing, and whatever is still open when a block begins or
 * ends is closed there: the HTML stays balanced and no attribute is left open, whatever md4c
 * says.
 */
struct render {
    struct buf *out;
    int image; /* depth of open images: inside one, only the alt text is written */
    /* Whether the outermost image (not from the library) wrote its tag, up to the alt text;
     * img_title: its title attribute, written at the closing. */
    bool img_open;
    struct buf img_title;
    int links;              /* depth of open links */
    uint64_t links_written; /* bit d: the link at depth d wrote its <a> */
    /* Images from the library (![alt](media:ID)), with the hook that writes them. */
    const struct markdown_media *media;
    int64_t media_id;   /* the open image's id, 0 when it is not from the library */
    struct buf alt;     /* its alt text as written (the hook escapes it) */
    size_t p_start;     /* where the open paragraph's "<p>" starts in out */
    bool in_p, p_other; /* inside a paragraph; it holds something besides library images */
    int p_media;        /* library images in it */
    int64_t p_media_id; /* the last of them, with its alt text */
    struct buf p_alt;
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

/* Opening and closing tags of the blocks and spans whose tags never vary; the rest are written
 * by the callbacks below. NULL writes nothing. */
static const char *const block_tags[][2] = {
    [MD_BLOCK_QUOTE] = {"<blockquote>\n", "</blockquote>\n"},
    [MD_BLOCK_UL] = {"<ul>\n", "</ul>\n"},
    [MD_BLOCK_OL] = {NULL, "</ol>\n"},
    [MD_BLOCK_LI] = {"<li>", "</li>\n"},
    [MD_BLOCK_HR] = {"<hr>\n", NULL},
    [MD_BLOCK_CODE] = {NULL, "</code></pre>\n"},
    [MD_BLOCK_P] = {"<p>", "</p>\n"},
    [MD_BLOCK_TABLE] = {"<table>\n", "</table>\n"},
    [MD_BLOCK_THEAD] = {"<thead>\n", "</thead>\n"},
    [MD_BLOCK_TBODY] = {"<tbody>\n", "</tbody>\n"},
    [MD_BLOCK_TR] = {"<tr>\n", "</tr>\n"},
    [MD_BLOCK_TH] = {NULL, "</th>\n"},
    [MD_BLOCK_TD] = {NULL, "</td>\n"},
};

static const char *const span_tags[][2] = {
    [MD_SPAN_EM] = {"<em>", "</em>"},
    [MD_SPAN_STRONG] = {"<strong>", "</strong>"},
    [MD_SPAN_CODE] = {"<code>", "</code>"},
    [MD_SPAN_DEL] = {"<del>", "</del>"},
};

static void put_cell(struct buf *out, const char *tag, const MD_BLOCK_TD_DETAIL *d)
{
    /* A class the theme styles: style attributes are ignored under the site's CSP
     * (style-src 'self') and the align attribute is obsolete in HTML5. */
    static const char *const align[] = {
        [MD_ALIGN_DEFAULT] = "",
        [MD_ALIGN_LEFT] = " class=\"align-left\"",
        [MD_ALIGN_CENTER] = " class=\"align-center\"",
        [MD_ALIGN_RIGHT] = " class=\"align-right\"",
    };
    buf_printf(out, "<%s%s>", tag, align[d->align]);
}

static void put_code_open(struct buf *out, const MD_BLOCK_CODE_DETAIL *d)
{
    buf_puts(out, "<pre><code");
    if (d->lang.size > 0) {
        buf_puts(out, " class=\"language-");
        put_attr(out, &d->lang);
        buf_putc(out, '"');
    }
    buf_putc(out, '>');
}

/* Ends the outermost image as its opening decided: a library image through the hook, another
 * one's tag when its opening wrote it. */
static void end_image(struct render *r)
{
    if (r->media_id) {
        r->p_media++;
        r->p_media_id = r->media_id;
        buf_reset(&r->p_alt);
        buf_append(&r->p_alt, buf_str(&r->alt), r->alt.len);
        r->media->image(r->media->ctx, r->out, r->media_id, buf_str(&r->alt), false);
        r->media_id = 0;
    } else if (r->img_open) {
        buf_putc(r->out, '"');
        buf_append(r->out, buf_str(&r->img_title), r->img_title.len);
        buf_putc(r->out, '>');
    }
    r->img_open = false;
}

/* Ends the image and links still open (see struct render). */
static void close_spans(struct render *r)
{
    if (r->image > 0)
        end_image(r);
    r->image = 0;
    for (; r->links > 0; r->links--)
        if (r->links <= LINK_DEPTH && (r->links_written >> (r->links - 1) & 1))
            buf_puts(r->out, "</a>");
    r->links_written = 0;
}

static int enter_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
    struct render *r = userdata;
    struct buf *out = r->out;
    close_spans(r);
    if (type == MD_BLOCK_P) {
        r->in_p = true;
        r->p_start = out->len;
        r->p_other = false;
        r->p_media = 0;
    }
    if (type == MD_BLOCK_OL && ((MD_BLOCK_OL_DETAIL *)detail)->start != 1)
        buf_printf(out, "<ol start=\"%u\">\n", ((MD_BLOCK_OL_DETAIL *)detail)->start);
    else if (type == MD_BLOCK_OL)
        buf_puts(out, "<ol>\n");
    else if (type == MD_BLOCK_H)
        buf_printf(out, "<h%u>", ((MD_BLOCK_H_DETAIL *)detail)->level);
    else if (type == MD_BLOCK_CODE)
        put_code_open(out, detail);
    else if (type == MD_BLOCK_TH || type == MD_BLOCK_TD)
        put_cell(out, type == MD_BLOCK_TH ? "th" : "td", detail);
    else if ((size_t)type < ARRAY_LEN(block_tags))
        buf_puts(out, block_tags[type][0]); /* the document and HTML blocks have none */
    return 0;
}

static int leave_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
    struct render *r = userdata;
    struct buf *out = r->out;
    close_spans(r);
    if (type == MD_BLOCK_P) {
        r->in_p = false;
        /* A paragraph of one library image and nothing else becomes that image's <figure>
         * (a <figure> may not stand inside a <p>). */
        if (r->p_media == 1 && !r->p_other) {
            out->len = r->p_start;
            out->p[out->len] = 0;
            r->media->image(r->media->ctx, out, r->p_media_id, buf_str(&r->p_alt), true);
            return 0;
        }
    }
    if (type == MD_BLOCK_H)
        buf_printf(out, "</h%u>\n", ((MD_BLOCK_H_DETAIL *)detail)->level);
    else if ((size_t)type < ARRAY_LEN(block_tags))
        buf_puts(out, block_tags[type][1]);
    return 0;
}

/* The id of "media:ID" (digits only, no more than fit), or 0. */
static int64_t media_ref(const MD_ATTRIBUTE *src)
{
    struct buf url = BUF_INIT;
    decode_url(&url, src);
    const char *u = buf_str(&url);
    int64_t id = 0;
    if (strncmp(u, "media:", 6) == 0 && u[6]) {
        for (const char *d = u + 6; *d && id >= 0; d++)
            id = *d >= '0' && *d <= '9' && id < INT64_MAX / 10 - 10 ? id * 10 + (*d - '0') : -1;
    }
    buf_free(&url);
    return id > 0 ? id : 0;
}

/* A span's closing writes what its opening decided (struct render). */
static int enter_span(MD_SPANTYPE type, void *detail, void *userdata)
{
    struct render *r = userdata;
    if (type != MD_SPAN_IMG && r->image == 0)
        r->p_other = true;
    if (type == MD_SPAN_IMG && r->image++ == 0) {
        const MD_SPAN_IMG_DETAIL *img = detail;
        r->media_id = r->media ? media_ref(&img->src) : 0;
        r->img_open = !r->media_id && url_ok(&img->src);
        if (r->media_id) {
            buf_reset(&r->alt);
        } else if (r->img_open) {
            r->p_other = true;
            buf_puts(r->out, "<img");
            put_url(r->out, "src", &img->src);
            buf_puts(r->out, " alt=\"");
            buf_reset(&r->img_title);
            put_title(&r->img_title, &img->title);
        }
        return 0;
    }
    if (r->image > 0)
        return 0; /* inside an image's alt text: no markup */
    if (type == MD_SPAN_A) {
        const MD_SPAN_A_DETAIL *a = detail;
        int d = r->links++;
        if (d < LINK_DEPTH && url_ok(&a->href)) {
            r->links_written |= (uint64_t)1 << d;
            buf_puts(r->out, "<a");
            put_url(r->out, "href", &a->href);
            put_title(r->out, &a->title);
            buf_putc(r->out, '>');
        }
    } else if ((size_t)type < ARRAY_LEN(span_tags)) {
        buf_puts(r->out, span_tags[type][0]);
    }
    return 0;
}

static int leave_span(MD_SPANTYPE type, void *detail, void *userdata)
{
    struct render *r = userdata;
    if (type == MD_SPAN_IMG) {
        /* With no image open, this is a closing md4c made up: nothing to end. */
        if (r->image > 0 && --r->image == 0)
            end_image(r);
        return 0;
    }
    if (r->image > 0)
        return 0;
    if (type == MD_SPAN_A) {
        int d = r->links > 0 ? --r->links : LINK_DEPTH;
        if (d < LINK_DEPTH && (r->links_written >> d & 1)) {
            r->links_written &= ~((uint64_t)1 << d);
            buf_puts(r->out, "</a>");
        }
    } else if ((size_t)type < ARRAY_LEN(span_tags)) {
        buf_puts(r->out, span_tags[type][1]);
    }
    return 0;
}

static int text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE n, void *userdata)
{
    struct render *r = userdata;
    if (r->image == 0) {
        for (MD_SIZE i = 0; i < n && !r->p_other; i++)
            r->p_other = s[i] != ' ' && s[i] != '\n' && s[i] != '\t';
    } else if (r->media_id) {
        /* A library image's alt text, kept as written for the hook. */
        if (type == MD_TEXT_ENTITY)
            decode_entity(&r->alt, s, n);
        else if (type == MD_TEXT_NULLCHAR)
            buf_puts(&r->alt, REPLACEMENT_CHAR);
        else if (type == MD_TEXT_BR || type == MD_TEXT_SOFTBR)
            buf_putc(&r->alt, ' ');
        else
            buf_append(&r->alt, s, n);
        return 0;
    }
    switch (type) {
    case MD_TEXT_NULLCHAR: buf_puts(r->out, REPLACEMENT_CHAR); break;
    case MD_TEXT_BR: buf_puts(r->out, r->image ? " " : "<br>\n"); break;
    case MD_TEXT_SOFTBR: buf_puts(r->out, r->image ? " " : "\n"); break;
    case MD_TEXT_ENTITY: put_entity(r->out, s, n); break;
    default: /* normal text, code, and raw HTML shown as text */ esc_html(r->out, s, n); break;
    }
    return 0;
}

/* Plain text: the words as a reader sees them, without the marks that make them bold, links
 * or headings. Blocks end with a line break; table cells are set apart by a space. */

static int text_enter_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
    (void)type, (void)detail, (void)userdata;
    return 0;
}

static int text_leave_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
    (void)detail;
    struct buf *out = ((struct render *)userdata)->out;
    if (type == MD_BLOCK_TH || type == MD_BLOCK_TD)
        buf_putc(out, ' ');
    else if (type != MD_BLOCK_DOC && (!out->len || out->p[out->len - 1] != '\n'))
        buf_putc(out, '\n');
    return 0;
}

static int text_span(MD_SPANTYPE type, void *detail, void *userdata)
{
    (void)type, (void)detail, (void)userdata;
    return 0;
}

static int text_text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE n, void *userdata)
{
    struct buf *out = ((struct render *)userdata)->out;
    switch (type) {
    case MD_TEXT_NULLCHAR: buf_puts(out, REPLACEMENT_CHAR); break;
    case MD_TEXT_BR: buf_putc(out, '\n'); break;
    case MD_TEXT_SOFTBR: buf_putc(out, ' '); break;
    case MD_TEXT_ENTITY: decode_entity(out, s, n); break;
    default: buf_append(out, s, n); break;
    }
    return 0;
}

/* Parses md with the callbacks of parser into out (unchanged on failure). */
static int parse(struct buf *out, const char *md, size_t n, const MD_PARSER *parser,
                 const struct markdown_media *media)
{
    if (n >= UINT32_MAX)
        return -1;
    /* md4c 0.4.8 (Debian 12) reads a byte past the end of some documents ending mid-construct,
     * e.g. "[](", fixed upstream in md4c PR #167: parse a copy that ends in a newline (which
     * changes nothing in Markdown) followed by buf's NUL, so no read leaves our memory. */
    struct buf src = BUF_INIT;
    buf_append(&src, md, n);
    if (n > 0 && md[n - 1] != '\n' && md[n - 1] != '\r')
        buf_putc(&src, '\n');
    /* Rendered aside so that a failure leaves out as it was. */
    struct buf made = BUF_INIT;
    struct render r = {.out = &made, .image = 0, .media = media};
    int rc = md_parse(buf_str(&src), (MD_SIZE)src.len, parser, &r);
    buf_free(&r.alt);
    buf_free(&r.p_alt);
    buf_free(&r.img_title);
    if (rc == 0)
        buf_append(out, buf_str(&made), made.len);
    buf_free(&made);
    buf_free(&src);
    return rc == 0 ? 0 : -1;
}

enum {
    FLAGS = MD_DIALECT_COMMONMARK | MD_FLAG_NOHTML | MD_FLAG_STRIKETHROUGH | MD_FLAG_TABLES |
            MD_FLAG_PERMISSIVEURLAUTOLINKS
};

int markdown_text(struct buf *out, const char *md, size_t n)
{
    const MD_PARSER parser = {
        .flags = FLAGS,
        .enter_block = text_enter_block,
        .leave_block = text_leave_block,
        .enter_span = text_span,
        .leave_span = text_span,
        .text = text_text,
    };
    return parse(out, md, n, &parser, NULL);
}

int markdown_html(struct buf *out, const char *md, size_t n)
{
    return markdown_html_media(out, md, n, NULL);
}

int markdown_html_media(struct buf *out, const char *md, size_t n,
                        const struct markdown_media *media)
{
    const MD_PARSER parser = {
        .flags = FLAGS,
        .enter_block = enter_block,
        .leave_block = leave_block,
        .enter_span = enter_span,
        .leave_span = leave_span,
        .text = text,
    };
    return parse(out, md, n, &parser, media);
}

/*
 * wxr.c: WordPress exports (WXR 1.0–1.2, "WordPress eXtended RSS", Tools → Export).
 *
 * The file is read with libxml2's streaming reader, one <item> at a time: each item is expanded
 * into a small tree of its own, mapped, handed to the sink and freed before the next, so an
 * export of a gigabyte needs little more memory than its largest post. The channel's lists of
 * authors, categories and tags (which WordPress writes before the items) are kept, indexed, for
 * the whole file.
 *
 * What goes where:
 *
 *   <guid> (else <link>)               key
 *   <title>                            title (entities decoded, tags dropped)
 *   <content:encoded> (HTML)           body: Markdown paragraphs of plain text (html_convert)
 *   <excerpt:encoded>                  dek, plain text on one line
 *   <category domain="category">       the first one: category (the channel's wp:cat_name for
 *                                      its nicename, else the element's text), category_slug
 *                                      (its nicename, percent-decoded)
 *   <category domain="post_tag">       topics (the channel's wp:tag_name, else the text)
 *   <dc:creator>                       author_login; author: the channel's
 *                                      wp:author_display_name for it, else the login
 *   <wp:post_name>                     slug, percent-decoded (exports keep Arabic slugs encoded)
 *   <wp:status>                        publish → published; future → scheduled (published when
 *                                      its time has passed); draft, private → draft;
 *                                      pending → review; trash → skipped and reported
 *   <wp:post_date_gmt>                 published_at; when 0000-00-00 (drafts), <wp:post_date>
 *                                      read in the site's time zone; a date neither gives in
 *                                      a form import_date() reads: unread_date (skipped)
 *   <link>                             old_path: its path, percent-decoded, for redirects
 *   <wp:post_type>                     only "post" is read; pages, menu items and the rest are
 *                                      passed over without a word, and so are attachments
 *                                      unless the uploads folder is given (media_from)
 *   <wp:postmeta> _thumbnail_id        the featured image: image_path, from the attachment
 *                                      with that <wp:post_id>: its <wp:attachment_url> after
 *                                      wp-content/uploads/ (else its _wp_attached_file) under
 *                                      media_from; image_alt its _wp_attachment_image_alt
 *                                      (else its title), image_caption its excerpt,
 *                                      image_credit its _sahifa_credit (sahifa's export)
 *   <wp:comment>                       comments: comment_id → key, comment_parent → parent_key
 *                                      (0: none), comment_approved 1 → approved, 0 → pending,
 *                                      spam → spam, anything else (trash) left out; pingbacks,
 *                                      trackbacks and other machine notes left out
 *
 * Safety: no DTD is loaded, nothing is fetched from the network, entities are not substituted
 * (XML_PARSE_NOENT is off) and references to the document's own entities are dropped, and
 * XML_PARSE_HUGE stays off so that libxml2's limits stop entity expansion bombs.
 */
#include "import/import.h"
#include "base/arena.h"
#include "base/mem.h"
#include "base/u64map.h"
#include "base/utf8.h"

#include <libxml/xmlreader.h>

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* libxml2 2.12 made the error a handler receives const. */
#if LIBXML_VERSION >= 21200
typedef const xmlError *xml_error;
#else
typedef xmlErrorPtr xml_error;
#endif

/* ---- HTML to text ---- */

/* What a piece of HTML becomes: Markdown paragraphs (a post's body), plain text paragraphs
 * separated by a blank line with line breaks kept (a comment), or one line (a title, a dek). */
enum text_mode { AS_MARKDOWN, AS_PARAGRAPHS, AS_LINE };

struct html_text {
    enum text_mode mode;
    struct buf *out;
    struct buf para; /* the paragraph being gathered, as plain text */
    int heading;     /* 2 to 4 inside <h2>…<h4> (Markdown only): the paragraph is a heading */
    bool after_br;   /* a <br> with only spaces since: a second one ends the paragraph */
};

/* Tags that begin or end a paragraph. */
static const char *const block_tags[] = {
    "p",       "div",    "blockquote", "li",    "ul",      "ol",         "dl",      "dt",
    "dd",      "table",  "tr",         "pre",   "figure",  "figcaption", "hr",      "section",
    "article", "header", "footer",     "aside", "nav",     "address",    "h1",      "h2",
    "h3",      "h4",     "h5",         "h6",    "details", "summary",    "caption", "center",
};

/* Tags whose content is not text a reader sees. */
static const char *const hidden_tags[] = {"script", "style", "template", "noscript", "iframe"};

/* Shortcodes WordPress writes around media; the tags go, the text between them (a caption)
 * stays. */
static const char *const shortcodes[] = {"caption", "wp_caption", "gallery", "embed",
                                         "audio",   "video",      "playlist"};

/* The named entities WordPress content uses; all numeric ones are decoded too. */
static const struct {
    const char *name;
    unsigned code;
} entities[] = {
    {"amp", '&'},      {"lt", '<'},        {"gt", '>'},       {"quot", '"'},     {"apos", '\''},
    {"nbsp", 0xA0},    {"ndash", 0x2013},  {"mdash", 0x2014}, {"lsquo", 0x2018}, {"rsquo", 0x2019},
    {"sbquo", 0x201A}, {"ldquo", 0x201C},  {"rdquo", 0x201D}, {"bdquo", 0x201E}, {"laquo", 0xAB},
    {"raquo", 0xBB},   {"hellip", 0x2026}, {"middot", 0xB7},  {"bull", 0x2022},  {"copy", 0xA9},
    {"reg", 0xAE},     {"trade", 0x2122},  {"deg", 0xB0},     {"times", 0xD7},   {"divide", 0xF7},
    {"plusmn", 0xB1},  {"shy", 0xAD},      {"zwnj", 0x200C},  {"zwj", 0x200D},   {"lrm", 0x200E},
    {"rlm", 0x200F},   {"euro", 0x20AC},   {"pound", 0xA3},   {"cent", 0xA2},    {"yen", 0xA5},
    {"sect", 0xA7},    {"para", 0xB6},     {"frac12", 0xBD},  {"frac14", 0xBC},  {"frac34", 0xBE},
    {"prime", 0x2032}, {"thinsp", 0x2009}, {"ensp", 0x2002},  {"emsp", 0x2003},  {"iexcl", 0xA1},
    {"iquest", 0xBF},  {"larr", 0x2190},   {"rarr", 0x2192},
};

/* &#128;–&#159; mean the Windows-1252 characters in HTML (editors pasted from Word write them);
 * 0: none. */
static const unsigned short cp1252[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_alnum(char c)
{
    return is_alpha(c) || (c >= '0' && c <= '9');
}

static bool in_list(const char *name, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(name, list[i]) == 0)
            return true;
    return false;
}

static void put_byte(struct html_text *h, char c)
{
    if (c == 0x7f) /* DEL is valid XML but no text */
        return;
    buf_putc(&h->para, c);
    if (!is_space(c))
        h->after_br = false;
}

/* Appends the n bytes at s with each run of spaces made one (a line break when keep_lines and
 * the run holds one), without spaces at either end; sep first when out is not empty. */
static void append_collapsed(struct buf *out, const char *s, size_t n, const char *sep,
                             bool keep_lines)
{
    size_t i = 0;
    while (i < n && is_space(s[i]))
        i++;
    if (i == n)
        return;
    if (out->len)
        buf_puts(out, sep);
    while (i < n) {
        if (!is_space(s[i])) {
            buf_putc(out, s[i++]);
            continue;
        }
        bool line = false;
        while (i < n && is_space(s[i]))
            line |= s[i++] == '\n';
        if (i < n)
            buf_putc(out, line && keep_lines ? '\n' : ' ');
    }
}

/* Ends the paragraph being gathered: appends it to the output as the mode wants. */
static void flush(struct html_text *h)
{
    if (h->mode == AS_MARKDOWN && h->heading) {
        struct buf text = BUF_INIT;
        import_paragraph(&text, h->para.p, h->para.len);
        if (text.len) {
            if (h->out->len)
                buf_puts(h->out, "\n\n");
            buf_printf(h->out, "%.*s %s", h->heading, "####", text.p);
        }
        buf_free(&text);
    } else if (h->mode == AS_MARKDOWN) {
        import_paragraph(h->out, h->para.p, h->para.len);
    } else {
        append_collapsed(h->out, h->para.p, h->para.len, h->mode == AS_LINE ? " " : "\n\n",
                         h->mode == AS_PARAGRAPHS);
    }
    buf_reset(&h->para);
    h->after_br = false;
}

static void put_code_point(struct html_text *h, unsigned long c)
{
    if (c >= 0x80 && c <= 0x9f)
        c = cp1252[c - 0x80] ? cp1252[c - 0x80] : 0xFFFD;
    if (c == 0xA0 || c == '\t' || c == '\n' || c == '\r') {
        put_byte(h, ' '); /* a no-break space is a space to the reader, and to Markdown */
        return;
    }
    if (c == 0xAD || (c < 0x20) || c == 0x7f)
        return; /* soft hyphens and control characters: nothing to show */
    if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        c = 0xFFFD;
    char u[4];
    size_t n;
    if (c < 0x80) {
        u[0] = (char)c, n = 1;
    } else if (c < 0x800) {
        u[0] = (char)(0xC0 | c >> 6), u[1] = (char)(0x80 | (c & 0x3F)), n = 2;
    } else if (c < 0x10000) {
        u[0] = (char)(0xE0 | c >> 12), u[1] = (char)(0x80 | (c >> 6 & 0x3F));
        u[2] = (char)(0x80 | (c & 0x3F)), n = 3;
    } else {
        u[0] = (char)(0xF0 | c >> 18), u[1] = (char)(0x80 | (c >> 12 & 0x3F));
        u[2] = (char)(0x80 | (c >> 6 & 0x3F)), u[3] = (char)(0x80 | (c & 0x3F)), n = 4;
    }
    buf_append(&h->para, u, n);
    h->after_br = false;
}

/* An entity at s ('&'): decodes it and returns its length, or 0 when it is not one (the '&'
 * is then text). */
static size_t html_entity(struct html_text *h, const char *s, size_t n)
{
    size_t i = 1;
    if (i < n && s[i] == '#') {
        bool hex = ++i < n && (s[i] == 'x' || s[i] == 'X');
        i += hex;
        unsigned long c = 0;
        size_t digits = 0;
        for (; i < n && digits < 8; i++, digits++) {
            char d = s[i];
            if (d >= '0' && d <= '9')
                c = c * (hex ? 16 : 10) + (unsigned long)(d - '0');
            else if (hex && ((d | 0x20) >= 'a' && (d | 0x20) <= 'f'))
                c = c * 16 + (unsigned long)((d | 0x20) - 'a' + 10);
            else
                break;
        }
        if (!digits || i >= n || s[i] != ';')
            return 0;
        put_code_point(h, c ? c : 0xFFFD);
        return i + 1;
    }
    while (i < n && i < 12 && is_alnum(s[i]))
        i++;
    if (i == 1 || i >= n || s[i] != ';')
        return 0;
    for (size_t k = 0; k < sizeof entities / sizeof entities[0]; k++)
        if (strlen(entities[k].name) == i - 1 && memcmp(entities[k].name, s + 1, i - 1) == 0) {
            put_code_point(h, entities[k].code);
            return i + 1;
        }
    return 0;
}

/* Where the case-insensitive needle first occurs in the n bytes at s, or NULL. */
static const char *find_nocase(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (strncasecmp(s + i, needle, k) == 0)
            return s + i;
    return NULL;
}

/* A tag, comment or declaration at s ('<'): acts on it and returns its length, or 0 when it is
 * not one (a lone '<' in text). */
static size_t html_tag(struct html_text *h, const char *s, size_t n)
{
    if (n >= 4 && memcmp(s, "<!--", 4) == 0) {
        /* Comments, with Gutenberg's block markers and <!--more--> among them. */
        const char *end = memmem(s + 4, n - 4, "-->", 3);
        return end ? (size_t)(end + 3 - s) : n;
    }
    size_t i = 1;
    bool closing = i < n && s[i] == '/';
    i += closing;
    bool decl = !closing && i < n && (s[i] == '!' || s[i] == '?');
    if (!decl && (i >= n || !is_alpha(s[i])))
        return 0;
    char name[16];
    size_t len = 0;
    for (; i < n && is_alnum(s[i]); i++)
        if (len < sizeof name - 1)
            name[len++] = (char)(s[i] | 0x20);
    name[len] = 0;
    /* The end of the tag, past quoted attribute values (which may hold '>'). */
    for (; i < n && s[i] != '>'; i++)
        if (s[i] == '"' || s[i] == '\'') {
            const char *q = memchr(s + i + 1, s[i], n - i - 1);
            if (!q)
                return 0;
            i = (size_t)(q - s);
        }
    if (i >= n)
        return 0;
    size_t used = i + 1;
    if (decl)
        return used;

    if (!closing && s[i - 1] != '/' &&
        in_list(name, hidden_tags, sizeof hidden_tags / sizeof hidden_tags[0])) {
        /* Up to the end tag; without one only the tag goes, not the rest of the post. */
        char end_tag[20];
        snprintf(end_tag, sizeof end_tag, "</%s", name);
        const char *end = find_nocase(s + used, n - used, end_tag);
        const char *gt = end ? memchr(end, '>', (size_t)(s + n - end)) : NULL;
        return gt ? (size_t)(gt + 1 - s) : used;
    }
    if (strcmp(name, "br") == 0) {
        if (h->after_br) {
            flush(h);
        } else {
            put_byte(h, '\n');
            h->after_br = true;
        }
    } else if (strcmp(name, "td") == 0 || strcmp(name, "th") == 0) {
        put_byte(h, ' ');
    } else if (in_list(name, block_tags, sizeof block_tags / sizeof block_tags[0])) {
        flush(h);
        bool heading = name[0] == 'h' && name[1] >= '2' && name[1] <= '4';
        h->heading = heading && !closing && h->mode == AS_MARKDOWN ? name[1] - '0' : 0;
    }
    return used;
}

/* A WordPress shortcode tag at s ('[') of those around media: returns its length (it is
 * dropped), or 0. */
static size_t shortcode(const char *s, size_t n)
{
    size_t i = 1 + (n > 1 && s[1] == '/');
    size_t start = i;
    while (i < n && (is_alpha(s[i]) || s[i] == '_'))
        i++;
    char name[16];
    if (i == start || i - start >= sizeof name || i >= n || (s[i] != ']' && s[i] != ' '))
        return 0;
    memcpy(name, s + start, i - start);
    name[i - start] = 0;
    if (!in_list(name, shortcodes, sizeof shortcodes / sizeof shortcodes[0]))
        return 0;
    const char *end = memchr(s + i, ']', n - i);
    return end ? (size_t)(end + 1 - s) : 0;
}

/* Appends the HTML (or plain text with blank lines between paragraphs, as WordPress also keeps
 * posts: it adds the <p> tags on display) at s as the mode wants: tags dropped, paragraphs split
 * at block tags, at two <br> in a row and at blank lines, entities decoded. */
static void html_convert(struct buf *out, const char *s, size_t n, enum text_mode mode)
{
    struct html_text h = {.mode = mode, .out = out};
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        size_t used = 0;
        if (c == '<') {
            used = html_tag(&h, s + i, n - i);
        } else if (c == '&') {
            used = html_entity(&h, s + i, n - i);
        } else if (c == '[') {
            used = shortcode(s + i, n - i);
        } else if (c == '\n') {
            size_t j = i + 1;
            while (j < n && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r'))
                j++;
            if (j < n && s[j] == '\n') {
                flush(&h);
                used = j + 1 - i;
            }
        } else if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
            put_byte(&h, ' '); /* a no-break space typed in the editor */
            used = 2;
        }
        if (used) {
            i += used;
        } else {
            put_byte(&h, s[i]);
            i++;
        }
    }
    flush(&h);
    buf_free(&h.para);
}

/* ---- Small decoders ---- */

/* The n bytes at s with %XX decoded, in a; NULL when empty or when the result is not UTF-8
 * without control characters (then the caller does without). */
static const char *percent_decoded(struct arena *a, const char *s, size_t n)
{
    struct buf b = BUF_INIT;
    const char *out = import_percent_decode(&b, s, n) ? arena_strndup(a, b.p, b.len) : NULL;
    buf_free(&b);
    return out;
}

/* The path of a permalink (https://example.com/2018/04/20/slug/?x → /2018/04/20/slug/),
 * decoded; NULL when there is none beyond "/" (?p=123 links). */
static const char *link_path(struct arena *a, const char *link)
{
    if (!link)
        return NULL;
    const char *p = link;
    const char *scheme = strstr(link, "://");
    if (scheme)
        p = scheme + 3 + strcspn(scheme + 3, "/?#");
    size_t n = strcspn(p, "?#");
    if (n < 2 || *p != '/')
        return NULL;
    return percent_decoded(a, p, n);
}

/* UTC seconds of a WordPress date: the GMT one ("2018-04-20 12:00:00"), else, when WordPress
 * left it 0000-00-00 (drafts), the local one read in the site's time zone. */
static int64_t wp_date(const char *gmt, const char *local)
{
    if (gmt && strlen(gmt) < 40) {
        char zoned[48];
        snprintf(zoned, sizeof zoned, "%sZ", gmt);
        int64_t t = import_date(zoned);
        if (t)
            return t;
    }
    return local ? import_date(local) : 0;
}

/* The date WordPress gives when wp_date() could not read it, or NULL when it gives none (both
 * missing, empty or 0000-00-00, as for a draft never scheduled). */
static const char *wp_unread_date(const char *gmt, const char *local)
{
    const char *given[] = {local, gmt};
    for (int i = 0; i < 2; i++)
        if (given[i] && *given[i] && strncmp(given[i], "0000-00-00", 10) != 0)
            return given[i];
    return NULL;
}

/* ---- The channel's lists ---- */

/* A map from a name (an author's login, a term's slug) to a text, for the whole file. */
struct dict {
    struct u64map index; /* hash of the key -> 1 + position */
    const char **keys, **values;
    size_t n, cap;
};

static uint64_t key_hash(const char *key)
{
    return u64_hash(U64_HASH_SEED, key, strlen(key)) | 1; /* never 0, which u64map reserves */
}

static void dict_put(struct dict *d, const char *key, const char *value)
{
    int64_t *slot = u64map_put(&d->index, key_hash(key));
    if (*slot)
        return; /* the first one stays (WordPress writes each once) */
    if (d->n == d->cap) {
        d->cap = d->cap ? 2 * d->cap : 16;
        d->keys = xrealloc(d->keys, d->cap * sizeof *d->keys);
        d->values = xrealloc(d->values, d->cap * sizeof *d->values);
    }
    d->keys[d->n] = key;
    d->values[d->n] = value;
    *slot = (int64_t)++d->n;
}

static const char *dict_get(const struct dict *d, const char *key)
{
    if (!key)
        return NULL;
    const int64_t *slot = u64map_get(&d->index, key_hash(key));
    return slot && strcmp(d->keys[*slot - 1], key) == 0 ? d->values[*slot - 1] : NULL;
}

static void dict_free(struct dict *d)
{
    u64map_free(&d->index);
    free(d->keys);
    free(d->values);
}

/* ---- The document ---- */

enum ns { NS_NONE, NS_OTHER, NS_WP, NS_EXCERPT, NS_CONTENT, NS_DC };

static enum ns ns_of(xmlNodePtr node)
{
    const char *href = node->ns ? (const char *)node->ns->href : NULL;
    if (!href)
        return NS_NONE;
    /* http://wordpress.org/export/1.2/ and its excerpt namespace, …/1.2/excerpt/. */
    if (strncmp(href, "http://wordpress.org/export/", 28) == 0)
        return strstr(href + 28, "excerpt") ? NS_EXCERPT : NS_WP;
    if (strcmp(href, "http://purl.org/rss/1.0/modules/content/") == 0)
        return NS_CONTENT;
    if (strcmp(href, "http://purl.org/dc/elements/1.1/") == 0)
        return NS_DC;
    return NS_OTHER;
}

static bool is(xmlNodePtr node, enum ns ns, const char *name)
{
    return node->type == XML_ELEMENT_NODE && ns_of(node) == ns &&
           strcmp((const char *)node->name, name) == 0;
}

/* The text of an element (its text and CDATA children: WordPress splits CDATA around "]]>"),
 * without spaces at either end, in a; NULL when empty. References to entities of the document's
 * own DTD are left out: they are not expanded, by design. */
static const char *text_of(struct arena *a, xmlNodePtr node)
{
    size_t n = 0;
    for (xmlNodePtr c = node->children; c; c = c->next)
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
            n += strlen((const char *)c->content);
    char *s = arena_alloc(a, n + 1);
    size_t len = 0;
    for (xmlNodePtr c = node->children; c; c = c->next)
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content) {
            size_t k = strlen((const char *)c->content);
            memcpy(s + len, c->content, k);
            len += k;
        }
    size_t start = 0;
    while (start < len && is_space(s[start]))
        start++;
    while (len > start && is_space(s[len - 1]))
        len--;
    s[len] = 0;
    return len > start ? s + start : NULL;
}

/* Whether the text, CDATA and attribute values of the nodes from n on (and under them) are all
 * UTF-8. libxml2 refuses most invalid bytes itself, but lets some through (an overlong C0 A3 in
 * CDATA), and the sink is promised UTF-8. Depth is bounded by libxml2's (no XML_PARSE_HUGE). */
static bool nodes_utf8(xmlNodePtr n)
{
    for (; n; n = n->next) {
        if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content &&
            !utf8_valid((const char *)n->content, strlen((const char *)n->content)))
            return false;
        if (n->type != XML_ELEMENT_NODE)
            continue;
        for (xmlAttrPtr p = n->properties; p; p = p->next)
            if (!nodes_utf8(p->children))
                return false;
        if (!nodes_utf8(n->children))
            return false;
    }
    return true;
}

/* The same for one expanded element: its attributes and everything inside it. */
static bool element_utf8(xmlNodePtr el)
{
    for (xmlAttrPtr p = el->properties; p; p = p->next)
        if (!nodes_utf8(p->children))
            return false;
    return nodes_utf8(el->children);
}

/* The text of node's first child element ns:name, or NULL. */
static const char *child_text(struct arena *a, xmlNodePtr node, enum ns ns, const char *name)
{
    for (xmlNodePtr c = node->children; c; c = c->next)
        if (is(c, ns, name))
            return text_of(a, c);
    return NULL;
}

/* An attribute's value as the document has it (no copy), or NULL. */
static const char *attr(xmlNodePtr node, const char *name)
{
    for (xmlAttrPtr p = node->properties; p; p = p->next)
        if (!p->ns && strcmp((const char *)p->name, name) == 0 && p->children &&
            p->children->type == XML_TEXT_NODE)
            return (const char *)p->children->content;
    return NULL;
}

/* HTML at s as plain text (AS_LINE or AS_PARAGRAPHS), in a; NULL when nothing is left. */
static const char *plain(struct arena *a, const char *s, enum text_mode mode)
{
    if (!s)
        return NULL;
    struct buf b = BUF_INIT;
    html_convert(&b, s, strlen(s), mode);
    const char *text = b.len ? arena_strndup(a, b.p, b.len) : NULL;
    buf_free(&b);
    return text;
}

struct wxr {
    xmlTextReaderPtr r;
    struct import_sink *sink;
    struct arena names; /* the channel's lists' strings, for the whole file */
    struct dict authors, categories, tags;
    struct dict descriptions; /* category nicename -> its description */
    /* With media_from: the attachments (wp:post_id -> the file, its alt text, caption and
     * credit), gathered by a first reading of the file (collecting). */
    const char *media_from;
    bool collecting;
    struct dict photo_files, photo_alts, photo_captions, photo_credits;
    bool wp_seen;    /* an element of the WordPress namespace: this is an export */
    int64_t now;     /* for telling scheduled posts from late ones */
    bool xml_failed; /* libxml2 reported an error: the first one follows */
    int xml_line, xml_code;
    char xml_message[240];
};

static void on_xml_error(void *arg, xml_error e)
{
    struct wxr *w = arg;
    if (!e || e->level < XML_ERR_ERROR || w->xml_failed)
        return; /* warnings are no reason to refuse a file; the first error is the telling one */
    w->xml_failed = true;
    w->xml_line = e->line;
    w->xml_code = e->code;
    snprintf(w->xml_message, sizeof w->xml_message, "%s", e->message ? e->message : "error");
    /* One line: libxml2's messages end in a line break and some hold more. */
    for (char *p = w->xml_message; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    size_t len = strlen(w->xml_message);
    while (len && w->xml_message[len - 1] == ' ')
        w->xml_message[--len] = 0;
}

static long line_breaks(const xmlChar *s)
{
    long n = 0;
    for (; s && *s; s++)
        n += *s == '\n';
    return n;
}

/* Where the element whose children start at n begins, from the first text node below it in
 * document order: the line that text ends on, less its line breaks and those of the CDATA and
 * comments passed on the way (added up in *breaks); -1 when there is no text. */
static long first_text_line(xmlNodePtr n, long *breaks)
{
    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE)
            return xmlGetLineNo(n) - *breaks - line_breaks(n->content);
        if (n->type == XML_ELEMENT_NODE) {
            long line = first_text_line(n->children, breaks);
            if (line >= 0)
                return line;
        } else {
            *breaks += line_breaks(n->content);
        }
    }
    return -1;
}

/* The line an element starts on. libxml2 keeps an element's line in 16 bits; past line 65534
 * only text nodes know theirs (XML_PARSE_BIG_LINES): the line a text ends on, which is the
 * element's start line plus the line breaks between them, in the text (usually the line break
 * and indentation right after the start tag) and in CDATA before it. Failing that, the parser's
 * line, a little ahead. */
static long line_of(struct wxr *w, xmlNodePtr node)
{
    if (node->line < 65535)
        return node->line;
    long breaks = 0, line = first_text_line(node->children, &breaks);
    return line >= 65535 ? line : xmlTextReaderGetParserLineNumber(w->r);
}

/* A <wp:author>, <wp:category> or <wp:tag> of the channel: indexed for the items. */
static void read_channel_list(struct wxr *w, xmlNodePtr node)
{
    struct arena *a = &w->names;
    const char *key = NULL, *value = NULL;
    struct dict *d = NULL;
    if (is(node, NS_WP, "author")) {
        d = &w->authors;
        key = child_text(a, node, NS_WP, "author_login");
        value = plain(a, child_text(a, node, NS_WP, "author_display_name"), AS_LINE);
    } else if (is(node, NS_WP, "category")) {
        d = &w->categories;
        key = child_text(a, node, NS_WP, "category_nicename");
        value = plain(a, child_text(a, node, NS_WP, "cat_name"), AS_LINE);
        const char *about = plain(a, child_text(a, node, NS_WP, "category_description"), AS_LINE);
        if (key && about)
            dict_put(&w->descriptions, key, about);
    } else if (is(node, NS_WP, "tag")) {
        d = &w->tags;
        key = child_text(a, node, NS_WP, "tag_slug");
        value = plain(a, child_text(a, node, NS_WP, "tag_name"), AS_LINE);
    }
    if (d && key && value)
        dict_put(d, key, value);
}

/* An item's fields, as text in the item's arena. */
struct item {
    const char *title, *link, *guid, *content, *excerpt, *creator, *id, *date, *date_gmt, *name,
        *status, *type;
    const char *markdown, *source; /* postmeta sahifa's export writes (see export.c) */
    const char *thumbnail;         /* _thumbnail_id: the featured image's attachment */
    /* An attachment's postmeta: its file under the uploads folder, alt text, credit. */
    const char *attached_file, *image_alt, *credit;
    const char *attachment_url;
    const char *category, *category_slug, *category_description;
    const char **topics;
    size_t ntopics, topics_cap;
    struct import_comment *comments;
    size_t ncomments, comments_cap;
};

/* Which element fills which field. */
static const struct {
    enum ns ns;
    const char *name;
    size_t at;
} item_fields[] = {
    {NS_NONE, "title", offsetof(struct item, title)},
    {NS_NONE, "link", offsetof(struct item, link)},
    {NS_NONE, "guid", offsetof(struct item, guid)},
    {NS_CONTENT, "encoded", offsetof(struct item, content)},
    {NS_EXCERPT, "encoded", offsetof(struct item, excerpt)},
    {NS_DC, "creator", offsetof(struct item, creator)},
    {NS_WP, "post_id", offsetof(struct item, id)},
    {NS_WP, "post_date", offsetof(struct item, date)},
    {NS_WP, "post_date_gmt", offsetof(struct item, date_gmt)},
    {NS_WP, "post_name", offsetof(struct item, name)},
    {NS_WP, "status", offsetof(struct item, status)},
    {NS_WP, "post_type", offsetof(struct item, type)},
    {NS_WP, "attachment_url", offsetof(struct item, attachment_url)},
};

/* A <category> of an item: the first category, and every tag. */
static void read_term(struct wxr *w, struct arena *a, struct item *it, xmlNodePtr node)
{
    const char *domain = attr(node, "domain"), *nicename = attr(node, "nicename");
    if (!domain || !nicename)
        return;
    bool category = strcmp(domain, "category") == 0;
    if ((category && it->category) || (!category && strcmp(domain, "post_tag") != 0))
        return;
    const char *name = dict_get(category ? &w->categories : &w->tags, nicename);
    if (!name)
        name = plain(a, text_of(a, node), AS_LINE);
    if (!name)
        return;
    if (category) {
        it->category = name;
        it->category_slug = percent_decoded(a, nicename, strlen(nicename));
        it->category_description = dict_get(&w->descriptions, nicename);
        return;
    }
    for (size_t i = 0; i < it->ntopics; i++)
        if (strcmp(it->topics[i], name) == 0)
            return;
    if (it->ntopics == it->topics_cap) {
        it->topics_cap = it->topics_cap ? 2 * it->topics_cap : 8;
        it->topics = xrealloc(it->topics, it->topics_cap * sizeof *it->topics);
    }
    it->topics[it->ntopics++] = name;
}

/* A <wp:comment>: added to the item's comments unless it is not a reader's comment
 * (pingbacks, trackbacks, notes plugins keep as comments) or WordPress has it in the trash. */
static void read_comment(struct arena *a, struct item *it, xmlNodePtr node)
{
    const char *type = child_text(a, node, NS_WP, "comment_type");
    if (type && strcmp(type, "comment") != 0)
        return;
    const char *approved = child_text(a, node, NS_WP, "comment_approved");
    const char *status = !approved                       ? "pending" /* to be looked at */
                         : strcmp(approved, "1") == 0    ? "approved"
                         : strcmp(approved, "0") == 0    ? "pending"
                         : strcmp(approved, "spam") == 0 ? "spam"
                                                         : NULL;
    const char *body = plain(a, child_text(a, node, NS_WP, "comment_content"), AS_PARAGRAPHS);
    if (!status || !body)
        return; /* in the trash, or empty */
    const char *parent = child_text(a, node, NS_WP, "comment_parent");
    const char *gmt = child_text(a, node, NS_WP, "comment_date_gmt");
    const char *local = child_text(a, node, NS_WP, "comment_date");
    int64_t created_at = wp_date(gmt, local);
    if (it->ncomments == it->comments_cap) {
        it->comments_cap = it->comments_cap ? 2 * it->comments_cap : 8;
        it->comments = xrealloc(it->comments, it->comments_cap * sizeof *it->comments);
    }
    it->comments[it->ncomments++] = (struct import_comment){
        .key = child_text(a, node, NS_WP, "comment_id"),
        .parent_key = parent && strcmp(parent, "0") != 0 ? parent : NULL,
        .name = plain(a, child_text(a, node, NS_WP, "comment_author"), AS_LINE),
        .email = child_text(a, node, NS_WP, "comment_author_email"),
        .body = body,
        .status = status,
        .created_at = created_at,
        .unread_date = created_at ? NULL : wp_unread_date(gmt, local),
    };
}

/* A <wp:postmeta>: those sahifa's export writes (the Markdown an article was written in, its
 * credit line, a photo's credit) and WordPress's own for featured images; other plugins'
 * metadata means nothing here. */
static void read_postmeta(struct arena *a, struct item *it, xmlNodePtr node)
{
    static const struct {
        const char *key;
        size_t at;
    } keys[] = {
        {"_sahifa_markdown", offsetof(struct item, markdown)},
        {"_sahifa_source", offsetof(struct item, source)},
        {"_sahifa_credit", offsetof(struct item, credit)},
        {"_thumbnail_id", offsetof(struct item, thumbnail)},
        {"_wp_attached_file", offsetof(struct item, attached_file)},
        {"_wp_attachment_image_alt", offsetof(struct item, image_alt)},
    };
    const char *key = child_text(a, node, NS_WP, "meta_key");
    if (!key)
        return;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strcmp(key, keys[i].key) == 0)
            *(const char **)((char *)it + keys[i].at) = child_text(a, node, NS_WP, "meta_value");
}

/* A path under the uploads folder as the export gives it, checked: relative, no "." or ".."
 * component, no empty one; NULL otherwise (nothing outside the folder is ever read). */
static const char *upload_path(const char *rel)
{
    if (!rel || !*rel || *rel == '/')
        return NULL;
    for (const char *p = rel; *p;) {
        size_t n = strcspn(p, "/");
        if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
            return NULL;
        p += n;
        if (*p == '/')
            p++;
    }
    return rel;
}

/* An attachment, while collecting: its file under w->media_from, alt text, caption and credit,
 * kept for the posts that name it. */
static void keep_attachment(struct wxr *w, struct arena *a, const struct item *it)
{
    if (!it->id)
        return;
    const char *rel = NULL;
    const char *url = it->attachment_url;
    const char *uploads = url ? strstr(url, "/wp-content/uploads/") : NULL;
    if (uploads) {
        uploads += strlen("/wp-content/uploads/");
        rel = upload_path(percent_decoded(a, uploads, strcspn(uploads, "?#")));
    }
    if (!rel)
        rel = upload_path(it->attached_file);
    if (!rel)
        return;
    struct arena *keep = &w->names;
    const char *id = arena_strdup(keep, it->id);
    size_t dir_len = strlen(w->media_from);
    while (dir_len > 1 && w->media_from[dir_len - 1] == '/')
        dir_len--;
    char *file = arena_alloc(keep, dir_len + 1 + strlen(rel) + 1);
    sprintf(file, "%.*s/%s", (int)dir_len, w->media_from, rel);
    dict_put(&w->photo_files, id, file);
    const char *alt = plain(a, it->image_alt, AS_LINE);
    if (!alt)
        alt = plain(a, it->title, AS_LINE);
    const char *caption = plain(a, it->excerpt, AS_LINE);
    const char *credit = plain(a, it->credit, AS_LINE);
    if (alt)
        dict_put(&w->photo_alts, id, arena_strdup(keep, alt));
    if (caption)
        dict_put(&w->photo_captions, id, arena_strdup(keep, caption));
    if (credit)
        dict_put(&w->photo_credits, id, arena_strdup(keep, credit));
}

static long long comment_number(const struct import_comment *c)
{
    return c->key ? strtoll(c->key, NULL, 10) : 0;
}

static int by_comment_id(const void *x, const void *y)
{
    long long a = comment_number(x), b = comment_number(y);
    return (a > b) - (a < b);
}

/* Comments in the order of their ids: a reply's id is always above its parent's, and the sink
 * can link a reply to its parent only when it has stored the parent first. */
static void order_comments(struct item *it)
{
    for (size_t i = 1; i < it->ncomments; i++)
        if (by_comment_id(&it->comments[i - 1], &it->comments[i]) > 0) {
            qsort(it->comments, it->ncomments, sizeof *it->comments, by_comment_id);
            return;
        }
}

/* The article's status, or NULL when the item is not to be imported (why: in *skip). */
static const char *article_status(const struct item *it, int64_t published_at, int64_t now,
                                  const char **skip)
{
    const char *s = it->status ? it->status : "publish";
    if (strcmp(s, "publish") == 0)
        return "published";
    if (strcmp(s, "future") == 0)
        return published_at > now ? "scheduled" : "published"; /* WordPress missed its time */
    if (strcmp(s, "pending") == 0)
        return "review";
    if (strcmp(s, "trash") == 0) {
        *skip = "in the trash";
        return NULL;
    }
    return "draft"; /* draft, private, and whatever else: nothing goes public by surprise */
}

/* One <item>, expanded: mapped and handed to the sink when it is a post. Returns 0, or -1 when
 * the sink says stop. */
static int read_item(struct wxr *w, xmlNodePtr node, long line)
{
    struct arena a = ARENA_INIT;
    struct item it = {0};
    for (xmlNodePtr c = node->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is(c, NS_NONE, "category")) {
            read_term(w, &a, &it, c);
        } else if (is(c, NS_WP, "comment")) {
            read_comment(&a, &it, c);
        } else if (is(c, NS_WP, "postmeta")) {
            read_postmeta(&a, &it, c);
        } else {
            for (size_t i = 0; i < sizeof item_fields / sizeof item_fields[0]; i++)
                if (is(c, item_fields[i].ns, item_fields[i].name)) {
                    *(const char **)((char *)&it + item_fields[i].at) = text_of(&a, c);
                    break;
                }
        }
    }

    if (w->collecting) {
        if (it.type && strcmp(it.type, "attachment") == 0)
            keep_attachment(w, &a, &it);
        free(it.topics);
        free(it.comments);
        arena_free(&a);
        return 0;
    }

    int rc = 0;
    struct buf body = BUF_INIT;
    char why[160];
    const char *skip = NULL;
    const char *photo = w->media_from ? dict_get(&w->photo_files, it.thumbnail) : NULL;
    const char *missing = NULL;
    if (w->media_from && it.thumbnail && !photo) {
        snprintf(why, sizeof why, "the featured image (attachment %.40s) is not in the export",
                 it.thumbnail);
        missing = arena_strdup(&a, why);
    }
    int64_t published_at = wp_date(it.date_gmt, it.date);
    const char *status = article_status(&it, published_at, w->now, &skip);
    const char *title = plain(&a, it.title, AS_LINE);
    if (it.type && strcmp(it.type, "post") != 0) {
        /* Attachments, pages, menu items, revisions…: not articles, and not worth a word. */
    } else if (!status) {
        snprintf(why, sizeof why, "WordPress post %s: %s", it.id ? it.id : "?", skip);
        w->sink->skip(w->sink, line, why);
    } else if (!title) {
        snprintf(why, sizeof why, "WordPress post %s: no title", it.id ? it.id : "?");
        w->sink->skip(w->sink, line, why);
    } else {
        if (it.markdown)
            buf_puts(&body, it.markdown); /* sahifa's own export: the text as it was written */
        else if (it.content)
            html_convert(&body, it.content, strlen(it.content), AS_MARKDOWN);
        order_comments(&it);
        const char *display = dict_get(&w->authors, it.creator);
        struct import_article art = {
            .key = it.guid ? it.guid : it.link,
            .title = title,
            .dek = plain(&a, it.excerpt, AS_LINE),
            .body = buf_str(&body),
            .category = it.category,
            .category_slug = it.category_slug,
            .category_description = it.category_description,
            .topics = it.topics,
            .ntopics = it.ntopics,
            .author = display ? display : it.creator,
            .author_login = it.creator,
            .source = it.source,
            .slug = it.name ? percent_decoded(&a, it.name, strlen(it.name)) : NULL,
            .status = status,
            .published_at = published_at,
            .unread_date = published_at ? NULL : wp_unread_date(it.date_gmt, it.date),
            .old_path = link_path(&a, it.link),
            .image_path = photo,
            .image_alt = photo ? dict_get(&w->photo_alts, it.thumbnail) : NULL,
            .image_caption = photo ? dict_get(&w->photo_captions, it.thumbnail) : NULL,
            .image_credit = photo ? dict_get(&w->photo_credits, it.thumbnail) : NULL,
            .image_missing = missing,
            .comments = it.comments,
            .ncomments = it.ncomments,
            .line = line,
        };
        rc = w->sink->article(w->sink, &art);
    }
    buf_free(&body);
    free(it.topics);
    free(it.comments);
    arena_free(&a);
    return rc;
}

/* The first error libxml2 reported, as one line for err. */
static void xml_error_message(const struct wxr *w, bool truncated, struct buf *err)
{
    if (!w->xml_failed) {
        buf_printf(err, "line %d: the XML could not be read",
                   xmlTextReaderGetParserLineNumber(w->r));
    } else if (w->xml_code == XML_ERR_INVALID_CHAR &&
               strncmp(w->xml_message, "Input is not proper UTF-8", 25) == 0) {
        const char *bytes = strstr(w->xml_message, "Bytes:");
        buf_printf(err, "line %d: not valid UTF-8 (%s)", w->xml_line,
                   bytes ? bytes : w->xml_message);
    } else if (truncated &&
               (w->xml_code == XML_ERR_DOCUMENT_END || w->xml_code == XML_ERR_TAG_NOT_FINISHED ||
                w->xml_code == XML_ERR_LTSLASH_REQUIRED)) {
        /* libxml2 words the end of a cut file oddly ("Extra content at the end of the
         * document"): say what happened instead. */
        buf_printf(err, "line %d: the file ends in the middle of the export (cut short?)",
                   w->xml_line);
    } else {
        buf_printf(err, "line %d: %s", w->xml_line, w->xml_message);
    }
}

/* True when the export declares the WordPress namespace where the reader stands. */
static bool wordpress_namespace(xmlTextReaderPtr r)
{
    xmlChar *href = xmlTextReaderLookupNamespace(r, BAD_CAST "wp");
    bool yes = href && strncmp((const char *)href, "http://wordpress.org/export/", 28) == 0;
    xmlFree(href);
    return yes;
}

/* The input as libxml2 reads it, watched for whether it held anything but spaces (libxml2 calls
 * an empty file "Extra content at the end of the document"). */
struct watched_input {
    struct import_input *in;
    bool content, failed;
};

static int watched_read(void *ctx, char *p, int n)
{
    struct watched_input *w = ctx;
    int got = w->in->read(w->in->ctx, p, n);
    if (got < 0)
        w->failed = true;
    for (int i = 0; i < got && !w->content; i++)
        w->content = !is_space(p[i]);
    return got;
}

/* One reading of the file: every item to read_item(), and, unless collecting attachments, the
 * channel's lists. Returns 0, or -1 with the reason in err. */
static int parse(struct wxr *wp, struct import_input *in, const char *path, struct buf *err)
{
    struct watched_input input = {.in = in};
    /* No DTD loading, no network, no entity substitution, no XML_PARSE_HUGE (see the top). */
    xmlTextReaderPtr r = xmlReaderForIO(watched_read, NULL, &input, path, NULL,
                                        XML_PARSE_NONET | XML_PARSE_BIG_LINES);
    if (!r) {
        buf_puts(err, input.content ? "the XML reader could not start" : "empty file");
        return -1;
    }
    struct wxr w = *wp;
    w.r = r;
    w.wp_seen = false;
    w.xml_failed = false;
    xmlTextReaderSetStructuredErrorHandler(r, on_xml_error, &w);

    const char *not_wxr = NULL;
    bool rss = false, channel = false, root_closed = false, stopped = false;
    long bad_utf8 = 0; /* the line of an element whose text is not UTF-8 */
    int ret = xmlTextReaderRead(r);
    while (ret == 1 && !w.xml_failed && !not_wxr && !stopped) {
        int type = xmlTextReaderNodeType(r), depth = xmlTextReaderDepth(r);
        xmlNodePtr node = xmlTextReaderCurrentNode(r);
        if (type == XML_READER_TYPE_END_ELEMENT && depth == 0) {
            root_closed = true;
        } else if (type != XML_READER_TYPE_ELEMENT || !node) {
            /* Text, comments, processing instructions: nothing to do. */
        } else if (depth == 0) {
            rss = is(node, NS_NONE, "rss");
            if (!rss)
                not_wxr = "the root element is not <rss>";
        } else if (depth == 1 && is(node, NS_NONE, "channel")) {
            channel = true; /* read on into it */
        } else if (depth == 2 && is(node, NS_NONE, "item")) {
            w.wp_seen = w.wp_seen || wordpress_namespace(r);
            if (!w.wp_seen) {
                not_wxr = "an RSS feed without WordPress's elements";
                break;
            }
            xmlNodePtr item = xmlTextReaderExpand(r);
            if (!item || w.xml_failed) {
                ret = -1;
                break;
            }
            long line = line_of(&w, item); /* once expanded: line_of may look at the children */
            if (!element_utf8(item)) {
                bad_utf8 = line;
                break;
            }
            if (read_item(&w, item, line) != 0) {
                stopped = true;
                buf_printf(err, "line %ld: stopped: the article could not be stored", line);
                break;
            }
            ret = xmlTextReaderNext(r); /* frees the item's tree as the reader moves on */
            continue;
        } else if (depth == 2 && ns_of(node) == NS_WP) {
            w.wp_seen = true;
            xmlNodePtr list = xmlTextReaderExpand(r);
            if (!list || w.xml_failed) {
                ret = -1;
                break;
            }
            if (!element_utf8(list)) {
                bad_utf8 = line_of(&w, list);
                break;
            }
            if (!w.collecting)
                read_channel_list(&w, list);
            ret = xmlTextReaderNext(r);
            continue;
        } else if (depth >= 1) {
            ret = xmlTextReaderNext(r); /* anything else: passed over */
            continue;
        }
        ret = xmlTextReaderRead(r);
    }

    int rc = -1;
    if (stopped) {
        /* err says it. */
    } else if (bad_utf8) {
        buf_printf(err, "line %ld: not valid UTF-8", bad_utf8);
    } else if (input.failed) {
        buf_puts(err, "cannot read: the file is damaged (compressed data?)");
    } else if (!input.content) {
        buf_puts(err, "empty file");
    } else if (w.xml_failed || ret < 0) {
        xml_error_message(&w, rss && !root_closed, err);
    } else if (not_wxr || !rss || !channel || !w.wp_seen) {
        buf_printf(err, "not a WordPress export (WXR): %s",
                   not_wxr    ? not_wxr
                   : !rss     ? "no <rss> element"
                   : !channel ? "no <channel>"
                              : "no WordPress elements");
    } else {
        rc = 0;
    }
    xmlFreeTextReader(r);
    w.r = NULL;
    *wp = w; /* the dictionaries, which may have grown */
    return rc;
}

int import_wxr(struct import_input *in, const char *path, const char *media_from,
               struct import_sink *s, struct buf *err)
{
    xmlInitParser();
    struct wxr w = {.sink = s, .now = (int64_t)time(NULL), .media_from = media_from};
    int rc = 0;
    if (media_from) {
        w.collecting = true;
        rc = parse(&w, in, path, err);
        w.collecting = false;
        if (rc == 0 && (!in->rewind || in->rewind(in->ctx) != 0)) {
            buf_puts(err, "cannot read the file a second time (for its posts)");
            rc = -1;
        }
    }
    if (rc == 0)
        rc = parse(&w, in, path, err);
    dict_free(&w.authors);
    dict_free(&w.categories);
    dict_free(&w.descriptions);
    dict_free(&w.tags);
    dict_free(&w.photo_files);
    dict_free(&w.photo_alts);
    dict_free(&w.photo_captions);
    dict_free(&w.photo_credits);
    arena_free(&w.names);
    return rc;
}

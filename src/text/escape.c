/* escape.c: escaping for HTML, XML, URLs and JSON (see escape.h). */
#include "text/escape.h"

#include <string.h>

void esc_html(struct buf *out, const char *s, size_t n)
{
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: continue;
        }
        buf_append(out, s + start, i - start);
        buf_puts(out, rep);
        start = i + 1;
    }
    buf_append(out, s + start, n - start);
}

void esc_html_marked(struct buf *out, const char *s, size_t n)
{
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != 1 && s[i] != 2)
            continue;
        esc_html(out, s + start, i - start);
        buf_puts(out, s[i] == 1 ? "<mark>" : "</mark>");
        start = i + 1;
    }
    esc_html(out, s + start, n - start);
}

void esc_xml(struct buf *out, const char *s, size_t n)
{
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
            if (c != '&' && c != '<' && c != '>' && c != '"' && c != '\'')
                continue;
        }
        buf_append(out, s + start, i - start);
        start = i + 1;
        switch (c) {
        case '&': buf_puts(out, "&amp;"); break;
        case '<': buf_puts(out, "&lt;"); break;
        case '>': buf_puts(out, "&gt;"); break;
        case '"': buf_puts(out, "&quot;"); break;
        case '\'': buf_puts(out, "&apos;"); break;
        default: break; /* a forbidden control character: dropped */
        }
    }
    buf_append(out, s + start, n - start);
}

void esc_xml_plain(struct buf *out, const char *s, size_t n)
{
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep;
        switch (s[i]) {
        case '&': rep = "&#x26;"; break;
        case '<': rep = "&#x3C;"; break;
        case '>': rep = "&#x3E;"; break;
        default: continue;
        }
        esc_xml(out, s + start, i - start);
        buf_puts(out, rep);
        start = i + 1;
    }
    esc_xml(out, s + start, n - start);
}

void esc_xml_element(struct buf *out, const char *name, const char *s)
{
    buf_printf(out, "<%s>", name);
    if (s)
        esc_xml(out, s, strlen(s));
    buf_printf(out, "</%s>\n", name);
}

static int is_unreserved(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

void esc_url(struct buf *out, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (is_unreserved(c)) {
            buf_putc(out, (char)c);
        } else {
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            buf_append(out, e, 3);
        }
    }
}

void esc_uri(struct buf *out, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c > 0x20 && c < 0x7f && !strchr("<>\"`{}|\\^", c)) {
            buf_putc(out, (char)c);
        } else {
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            buf_append(out, e, 3);
        }
    }
}

void esc_json(struct buf *out, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *rep = NULL;
        char u[7];
        if (c == '"')
            rep = "\\\"";
        else if (c == '\\')
            rep = "\\\\";
        else if (c == '/')
            rep = "\\/";
        else if (c == '\n')
            rep = "\\n";
        else if (c == '\r')
            rep = "\\r";
        else if (c == '\t')
            rep = "\\t";
        else if (c < 0x20) {
            memcpy(u, "\\u00", 4);
            u[4] = hex[c >> 4];
            u[5] = hex[c & 15];
            u[6] = 0;
            rep = u;
        } else
            continue;
        buf_append(out, s + start, i - start);
        buf_puts(out, rep);
        start = i + 1;
    }
    buf_append(out, s + start, n - start);
}

void esc_json_script(struct buf *out, const char *json, size_t n)
{
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep;
        size_t len = 1;
        switch ((unsigned char)json[i]) {
        case '<': rep = "\\u003c"; break;
        case '>': rep = "\\u003e"; break;
        case '&': rep = "\\u0026"; break;
        case 0xE2: /* U+2028 and U+2029 are E2 80 A8 and E2 80 A9 */
            if (i + 2 < n && (unsigned char)json[i + 1] == 0x80 &&
                ((unsigned char)json[i + 2] & 0xFE) == 0xA8) {
                rep = (unsigned char)json[i + 2] == 0xA8 ? "\\u2028" : "\\u2029";
                len = 3;
                break;
            }
            continue;
        default: continue;
        }
        buf_append(out, json + start, i - start);
        buf_puts(out, rep);
        i += len - 1;
        start = i + 1;
    }
    buf_append(out, json + start, n - start);
}

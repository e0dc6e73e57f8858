/*
 * fuzz_markdown.c: article bodies, Markdown to HTML and to plain text (src/text/markdown.c).
 * Besides crashes, leaks and undefined behaviour, the HTML must be what markdown.h promises
 * templates may print raw: only the tags and attributes our renderer writes, every attribute
 * quoted and escaped, and no link or image with a scheme other than http, https or mailto;
 * also with images from the library (![alt](media:ID)) written by a hook as the media hook does.
 */
#include "fuzz.h"

#include "base/buf.h"
#include "base/utf8.h"
#include "text/escape.h"
#include "text/markdown.h"

/* A library image as the media hook writes one: alt escaped, a <figure> when alone. */
static void media_image(void *ctx, struct buf *out, int64_t id, const char *alt, bool alone)
{
    (void)ctx;
    FUZZ_CHECK(id > 0, "media id %lld", (long long)id);
    buf_printf(out, "%s<img src=\"/media/%lld\" alt=\"", alone ? "<figure>" : "", (long long)id);
    esc_html(out, alt, strlen(alt));
    buf_puts(out, alone ? "\"></figure>\n" : "\">");
}

static const char *const tags[] = {
    "p",  "a",  "img", "em", "strong", "code",  "del",    "pre", "blockquote", "ul",
    "ol", "li", "hr",  "br", "table",  "thead", "tbody",  "tr",  "th",         "td",
    "h1", "h2", "h3",  "h4", "h5",     "h6",    "figure", NULL,
};
static const char *const attrs[] = {"href", "src", "alt", "title", "class", "start", NULL};
static const char *const schemes[] = {"http", "https", "mailto", NULL};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *md = (const char *)data;
    struct buf html = BUF_INIT, text = BUF_INIT;
    if (markdown_html(&html, md, size) == 0) {
        fuzz_check_html(buf_str(&html), html.len, tags, attrs, schemes);
        if (utf8_valid(md, size))
            FUZZ_CHECK(utf8_valid(buf_str(&html), html.len), "UTF-8 in, not UTF-8 out");
    }
    if (markdown_text(&text, md, size) == 0 && utf8_valid(md, size))
        FUZZ_CHECK(utf8_valid(buf_str(&text), text.len), "UTF-8 in, plain text not UTF-8");
    /* with images from the library (![alt](media:ID)) through the hook */
    static const struct markdown_media media = {media_image, NULL};
    buf_reset(&html);
    if (markdown_html_media(&html, md, size, &media) == 0)
        fuzz_check_html(buf_str(&html), html.len, tags, attrs, schemes);
    buf_free(&html);
    buf_free(&text);
    return 0;
}

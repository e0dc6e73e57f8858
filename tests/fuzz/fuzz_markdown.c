/*
 * fuzz_markdown.c: article bodies, Markdown to HTML and to plain text (src/text/markdown.c).
 * Besides crashes, leaks and undefined behaviour, the HTML must be what markdown.h promises
 * templates may print raw: only the tags and attributes our renderer writes, every attribute
 * quoted and escaped, and no link or image with a scheme other than http, https or mailto.
 */
#include "fuzz.h"

#include "base/buf.h"
#include "base/utf8.h"
#include "text/markdown.h"

static const char *const tags[] = {
    "p",  "a",  "img", "em", "strong", "code",  "del",   "pre",   "blockquote",
    "ul", "ol", "li",  "hr", "br",     "table", "thead", "tbody", "tr",
    "th", "td", "h1",  "h2", "h3",     "h4",    "h5",    "h6",    NULL,
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
    buf_free(&html);
    buf_free(&text);
    return 0;
}

/*
 * fuzz_comment.c: readers' comments (src/text/comment.c): the checks a comment must pass, the
 * trimming, the link count and the HTML a comment is shown as. The input is the name, e-mail and
 * text separated by NUL bytes. The HTML may hold only <br> and links to http(s) addresses with
 * rel="nofollow ugc noopener" (docs/SECURITY.md rule 14), and a comment that passes the checks
 * must come out as valid UTF-8.
 */
#include "fuzz.h"

#include "base/buf.h"
#include "base/utf8.h"
#include "text/comment.h"

static const char *const tags[] = {"br", "a", NULL};
static const char *const attrs[] = {"href", "rel", NULL};
static const char *const schemes[] = {"http", "https", NULL};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* name \0 email \0 text: the form's fields, NUL-terminated copies */
    char *copy = malloc(size + 3);
    memcpy(copy, data, size);
    copy[size] = copy[size + 1] = copy[size + 2] = 0;
    const char *name = copy, *email = name + strlen(name) + 1;
    if (email > copy + size)
        email = copy + size + 1;
    const char *text = email + strlen(email) + 1;
    if (text > copy + size + 1)
        text = copy + size + 2;

    struct comment_problem p = {NULL, NULL};
    bool ok = comment_check(name, email, text, &p);
    if (!ok)
        FUZZ_CHECK(p.field && p.message, "refused without saying why");

    size_t n = strlen(text), start = 0;
    size_t len = comment_trim(text, n, &start);
    FUZZ_CHECK(start + len <= n, "trimmed beyond the text");
    FUZZ_CHECK(comment_links(text, n) >= 0, "negative link count");

    struct buf html = BUF_INIT;
    comment_html(&html, text + start, len);
    fuzz_check_html(buf_str(&html), html.len, tags, attrs, schemes);
    FUZZ_CHECK(!strstr(buf_str(&html), "<a ") ||
                   strstr(buf_str(&html), "rel=\"nofollow ugc noopener\""),
               "a link without rel=nofollow");
    if (ok)
        FUZZ_CHECK(utf8_valid(buf_str(&html), html.len), "a valid comment shown as invalid UTF-8");
    buf_free(&html);
    free(copy);
    return 0;
}

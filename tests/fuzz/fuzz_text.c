/*
 * fuzz_text.c: the Arabic normalizer, the word splitter and the stemmer (src/text/normalize.c,
 * tokenize.c, stem.c), and the index tokens made from them (query_word_tokens in query.c), the
 * way indexing runs them over an article: words of the text, each normalized, stemmed and
 * turned into tokens; and the URL slug made from the same text (slug.c). Invalid bytes must be
 * dropped, never passed on: every word, stem, token and slug that comes out is valid UTF-8,
 * within its bounds and NUL-terminated; a slug holds no ASCII but a-z, 0-9 and inner hyphens.
 */
#include "fuzz.h"

#include "base/buf.h"
#include "base/utf8.h"
#include "text/normalize.h"
#include "text/query.h"
#include "text/slug.h"
#include "text/stem.h"
#include "text/tokenize.h"

static int on_word(void *ctx, const char *s, size_t start, size_t len)
{
    size_t n = *(const size_t *)ctx;
    FUZZ_CHECK(len > 0 && start + len <= n, "word %zu+%zu outside the text of %zu", start, len, n);
    struct buf norm = BUF_INIT;
    ar_normalize(&norm, s + start, len);
    FUZZ_CHECK(utf8_valid(buf_str(&norm), norm.len), "normalized word is not UTF-8");
    struct stems st;
    stem_word(buf_str(&norm), norm.len, &st);
    FUZZ_CHECK(st.n >= 0 && st.n <= STEM_MAX, "%d stems", st.n);
    for (int i = 0; i < st.n; i++) {
        FUZZ_CHECK(st.len[i] < STEM_BYTES && st.s[i][st.len[i]] == 0, "stem %d overruns", i);
        FUZZ_CHECK(utf8_valid(st.s[i], st.len[i]), "stem %d is not UTF-8", i);
    }
    (void)stem_is_stop_word(buf_str(&norm), norm.len);
    struct word_tokens wt;
    query_word_tokens(buf_str(&norm), norm.len, &wt);
    FUZZ_CHECK(wt.n >= 0 && wt.n <= 1 + STEM_MAX, "%d tokens", wt.n);
    for (int i = 0; i < wt.n; i++) {
        FUZZ_CHECK(wt.len[i] > 0 && wt.len[i] <= QUERY_WORD_BYTES + 1 && wt.s[i][wt.len[i]] == 0,
                   "token %d: %zu bytes", i, wt.len[i]);
        FUZZ_CHECK(utf8_valid(wt.s[i], wt.len[i]), "token %d is not UTF-8", i);
    }
    buf_free(&norm);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    struct buf norm = BUF_INIT;
    ar_normalize(&norm, s, size);
    FUZZ_CHECK(utf8_valid(buf_str(&norm), norm.len), "normalized text is not UTF-8");
    buf_free(&norm);
    FUZZ_CHECK(words_each(s, size, on_word, &size) == 0, "the walk stopped by itself");

    struct buf slug = BUF_INIT;
    slug_make(&slug, s, size);
    const char *g = buf_str(&slug);
    FUZZ_CHECK(slug.len <= SLUG_MAX_BYTES && utf8_valid(g, slug.len), "slug of %zu bytes",
               slug.len);
    for (size_t i = 0; i < slug.len; i++) {
        unsigned char c = (unsigned char)g[i];
        FUZZ_CHECK(c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-',
                   "byte 0x%02x in slug", c);
    }
    FUZZ_CHECK(!slug.len || (g[0] != '-' && g[slug.len - 1] != '-'), "hyphen at an end");
    buf_free(&slug);
    return 0;
}

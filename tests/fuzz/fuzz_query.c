/*
 * fuzz_query.c: the reader's search query parser (src/text/query.c): whatever is typed becomes
 * at most QUERY_MAX_TERMS terms of index tokens, each non-empty valid UTF-8 (they are handed to
 * FTS5 as quoted strings, so nothing typed may become syntax), with the counts consistent.
 */
#include "fuzz.h"

#include "base/arena.h"
#include "base/utf8.h"
#include "text/query.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena a = ARENA_INIT;
    struct query q;
    query_parse(&a, (const char *)data, size, &q);
    FUZZ_CHECK(q.nterms >= 0 && q.nterms <= QUERY_MAX_TERMS, "%d terms", q.nterms);
    int positive = 0;
    for (int i = 0; i < q.nterms; i++) {
        const struct query_term *t = &q.terms[i];
        positive += !t->excluded;
        FUZZ_CHECK(t->ntokens > 0, "term %d has no tokens", i);
        FUZZ_CHECK(t->kind != QUERY_PREFIX || t->ntokens == 1, "a prefix of %d tokens", t->ntokens);
        for (int k = 0; k < t->ntokens; k++) {
            const char *tok = t->tokens[k];
            FUZZ_CHECK(tok && *tok, "term %d token %d is empty", i, k);
            FUZZ_CHECK(utf8_valid(tok, strlen(tok)), "term %d token %d is not UTF-8", i, k);
            FUZZ_CHECK(!strchr(tok, '"'), "a quote in a token would end the FTS5 string");
        }
    }
    FUZZ_CHECK(positive == q.npositive, "npositive %d, counted %d", q.npositive, positive);
    arena_free(&a);
    return 0;
}

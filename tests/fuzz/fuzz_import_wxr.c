/*
 * fuzz_import_wxr.c: the WordPress export importer (src/import/wxr.c, libxml2's streaming
 * reader), fed the input through its stream interface in small reads as a file would come, into
 * a sink that keeps nothing (sink.h), with an uploads folder (read twice) or without.
 */
#include "sink.h"

#include <libxml/parser.h>

struct stream {
    const char *p;
    size_t left;
};

static int read_some(void *ctx, char *out, int n)
{
    struct stream *st = ctx;
    size_t k = st->left < (size_t)n ? st->left : (size_t)n;
    if (k > 4096)
        k = 4096; /* several reads for a larger input, as from a file */
    memcpy(out, st->p, k);
    st->p += k;
    st->left -= k;
    return (int)k;
}

static const char *start;

static int rewind_some(void *ctx)
{
    struct stream *st = ctx;
    st->left += (size_t)(st->p - start);
    st->p = start;
    return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    xmlInitParser();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct stream st = {(const char *)data, size};
    start = st.p;
    struct import_input in = {read_some, rewind_some, &st};
    struct import_sink s = SINK_INIT;
    struct buf err = BUF_INIT;
    /* Read twice (attachments first) when the first byte is odd: both paths are fuzzed. */
    const char *media_from = size && (data[0] & 1) ? "uploads" : NULL;
    if (import_wxr(&in, "fuzz.xml", media_from, &s, &err) != 0)
        FUZZ_CHECK(err.len > 0, "a file refused without a reason");
    buf_free(&err);
    return 0;
}

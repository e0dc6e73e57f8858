/*
 * fuzz_import_text.c: the plain-text importer (src/import/text.c), a scraped article page as
 * text, through its parser entry point into a sink that keeps nothing (sink.h).
 */
#include "sink.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct import_sink s = SINK_INIT;
    struct buf err = BUF_INIT;
    if (import_text((const char *)data, size, "fuzz.txt", &s, &err) != 0)
        FUZZ_CHECK(err.len > 0, "a file refused without a reason");
    buf_free(&err);
    return 0;
}

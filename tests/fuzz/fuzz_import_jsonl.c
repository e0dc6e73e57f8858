/*
 * fuzz_import_jsonl.c: the JSON Lines importer (src/import/jsonl.c), fed the input a line at a
 * time as the driver reads a file, into a sink that keeps nothing (sink.h).
 */
#include "sink.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct import_sink s = SINK_INIT;
    const char *p = (const char *)data, *end = p + size;
    long lineno = 1;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = (size_t)((nl ? nl : end) - p);
        /* exactly the line's bytes, no terminator: the parser must keep to n */
        char *line = malloc(n ? n : 1);
        memcpy(line, p, n);
        FUZZ_CHECK(import_jsonl_line(line, n, lineno++, &s) == 0, "the sink never says stop");
        free(line);
        p += n + 1;
    }
    return 0;
}

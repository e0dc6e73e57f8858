/*
 * reader.h: a file's parser on a thread of its own.
 *
 * sahifa import is two jobs that need nothing of each other until an article is stored: reading
 * (decompressing, parsing, checking, the near-duplicate signature, the search index's tokens)
 * and writing (SQLite: the article, its index entry). The reader runs the parser on a second
 * thread and hands each article over, copied with what was worked out from it, through a short
 * queue; the importer's thread takes them in the file's order. On two cores the next batch is
 * parsed while the last one is written.
 */
#ifndef SAHIFA_IMPORT_READER_H
#define SAHIFA_IMPORT_READER_H

#include "base/arena.h"
#include "base/buf.h"
#include "import/dedup.h"
#include "import/import.h"

#include <stdbool.h>

enum import_item_kind { IMPORT_ITEM_ARTICLE, IMPORT_ITEM_SKIP };

/* What the parser gave the sink, copied, and what the reader worked out from it. */
struct import_item {
    struct import_item *next;
    enum import_item_kind kind;
    struct import_article a; /* IMPORT_ITEM_ARTICLE; its strings live in arena */
    long line;               /* IMPORT_ITEM_SKIP: the record's line, and why */
    const char *reason;
    bool body_ok;  /* the body is valid UTF-8 */
    bool prepared; /* what follows was worked out (the reader was not lazy) */
    bool signed_;  /* sig holds the body's signature (dedup_signature()) */
    struct dedup_sig sig;
    struct buf tokens[3]; /* the index's tokens of the title, dek and body, */
    bool tokenized[3];    /* where they were made (valid UTF-8, not lazy) */
    struct arena arena;
};

void import_item_free(struct import_item *it);

/* parse(ctx, sink, err) reads one file, calling sink for every article and skipped record, and
 * returns 0 or -1 with a reason in err: a parser of import.h with its arguments bound. */
typedef int (*import_parse_fn)(void *ctx, struct import_sink *sink, struct buf *err);

struct import_reader;

/* Starts parse(ctx, ...) on a new thread. */
struct import_reader *import_reader_start(import_parse_fn parse, void *ctx);
/* The file's next item, in order (the caller frees it), or NULL when the parser has returned. */
struct import_item *import_reader_next(struct import_reader *r);
/* While on, the reader only copies and checks articles, leaving signatures, tokens and slugs
 * to the importer: for re-imports, where the importer finds article after article already
 * stored and would throw that work away. */
void import_reader_lazy(struct import_reader *r, bool on);
/* Makes the sink answer -1 from now on, so that the parser stops at its next article. */
void import_reader_stop(struct import_reader *r);
/* Waits for the thread (taking and freeing what it still queues), frees r, and returns parse's
 * return value, its reason appended to err. */
int import_reader_finish(struct import_reader *r, struct buf *err);

#endif

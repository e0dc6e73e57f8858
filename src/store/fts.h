/*
 * fts.h: sahifa's pieces of SQLite, registered on every connection by db_open(): the FTS5
 * tokenizer "sahifa", the ranking function "sahifa_rank", and the SQL function
 * sahifa_normalize(text). SQLite backend only.
 */
#ifndef SAHIFA_STORE_FTS_H
#define SAHIFA_STORE_FTS_H

#include "base/buf.h"

#include <sqlite3.h>

/* The byte in front of an article's title in the text the index is given (the article_search
 * view puts it there): the tokenizer then indexes the title's tokens once more behind
 * QUERY_TITLE_MARK (text/query.h). Never part of a word. */
#define FTS_TITLE_MARK '\x01'

/* Texts whose tokens were worked out ahead of time, on another thread (sahifa import parses
 * and tokenizes the next articles while SQLite writes these). When FTS5 asks the tokenizer for
 * the tokens of a text in here, they are replayed instead of computed again. One per connection;
 * only its connection's thread touches it. */
struct fts_replay;

/* Registers the tokenizer and the ranking function on h, and sets *replay to the connection's
 * replay table (SQLite frees it with the connection). Returns SQLITE_OK or an error code. */
int fts_register(sqlite3 *h, struct fts_replay **replay);

/* The tokens the index makes of the n bytes at text, written into out (replaced); word, unless
 * NULL, is told each word as normalized (ar_normalize()), in order. Thread-safe. */
typedef void (*fts_word_cb)(void *ctx, const char *norm, size_t n);
void fts_tokens_record(struct buf *out, const char *text, size_t n, fts_word_cb word,
                       void *word_ctx);
/* Replays tokens (from fts_tokens_record) when the index tokenizes that very text. text and
 * tokens are borrowed: they must stay unchanged until fts_replay_clear(). */
void fts_replay_add(struct fts_replay *r, const char *text, size_t n, const struct buf *tokens);
void fts_replay_clear(struct fts_replay *r);

#endif

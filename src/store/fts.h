/*
 * fts.h: sahifa's pieces of SQLite, registered on every connection by db_open(): the FTS5
 * tokenizer "sahifa", the ranking function "sahifa_rank", and the SQL function
 * sahifa_normalize(text). SQLite backend only.
 */
#ifndef SAHIFA_STORE_FTS_H
#define SAHIFA_STORE_FTS_H

#include <sqlite3.h>

/* Registers the tokenizer and the ranking function on h. Returns SQLITE_OK or an error code. */
int fts_register(sqlite3 *h);

#endif

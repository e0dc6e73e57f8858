/*
 * db.h: the strict SQL wrapper every store/ file goes through (Fossil's db.c).
 *
 *     struct db_stmt q;
 *     db_prepare(db, &q, "SELECT title FROM articles WHERE slug = :slug");
 *     db_bind_text(&q, ":slug", slug);
 *     while (db_step(&q) == DB_ROW)
 *         use(db_col_text(&q, 0));
 *     db_finalize(&q);
 *
 * Rules enforced here, not remembered by callers:
 * - values only through bind calls; binding a name the statement does not have aborts (a
 *   programming error), and SQL text after the first statement is refused;
 * - prepared statements are cached per connection, keyed by their SQL text, so hot queries are
 *   compiled once per thread; db_finalize() resets a cached statement rather than freeing it;
 * - errors are logged with the SQL that caused them and returned as negative codes.
 *
 * Only this file knows the SQLite API; a PostgreSQL backend replaces it, not its callers.
 * Connections are not shared between threads: each thread gets its own from db_thread().
 */
#ifndef SAHIFA_STORE_DB_H
#define SAHIFA_STORE_DB_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;
struct db_cached;

struct db_stmt {
    struct db *db;
    struct db_cached *cached; /* the cache slot, or NULL for a one-off statement */
    void *st;                 /* the sqlite3_stmt */
};

enum db_status {
    DB_OK = 0,
    DB_ROW = 1,          /* db_step: a row is ready */
    DB_DONE = 2,         /* db_step: no more rows */
    DB_ERROR = -1,       /* anything else; logged */
    DB_BUSY = -2,        /* the database stayed locked past the busy timeout */
    DB_CONSTRAINT = -3,  /* a UNIQUE, CHECK or foreign key constraint failed */
    DB_UNAVAILABLE = -4, /* the file cannot be opened, read or written (I/O error, disk full) */
};

enum { DB_OPEN_CREATE = 1, DB_OPEN_READONLY = 2 };

/* Opens path (creating it with DB_OPEN_CREATE), sets WAL mode, foreign keys, a busy timeout.
 * Returns DB_OK and the connection in *out, or DB_ERROR with a message logged. */
int db_open(struct db **out, const char *path, int flags);
/* Finalizes cached statements and closes the connection. NULL is ignored. */
void db_close(struct db *db);
/* Bulk loading: a thread that copies the write-ahead log into the database after each of
 * writer's commits (poke it then), so that the writer's thread does not (checkpoint.c). NULL
 * when it cannot start: the writer then checkpoints as usual. Stopping waits for the last
 * checkpoint. */
struct db_checkpointer;
struct db_checkpointer *db_checkpointer_start(struct db *writer);
void db_checkpointer_poke(struct db_checkpointer *c);
void db_checkpointer_stop(struct db_checkpointer *c);
/* The connection's table of texts tokenized ahead of time (store/fts.h). */
struct fts_replay *db_replay(struct db *db);
/* The path db_open() was given. */
const char *db_path(const struct db *db);

/* Sets the database file that db_thread() opens; call once at start-up. */
void db_thread_init(const char *path);
/* This thread's connection, opened on first use and closed when the thread exits; NULL when it
 * cannot be opened (logged). */
struct db *db_thread(void);

/* Prepares sql (one statement, nothing after it but spaces or a ';'). Returns DB_OK, or
 * DB_ERROR (DB_BUSY, DB_UNAVAILABLE when that is why). Statements are cached unless prepared with
 * db_prepare_once(). */
int db_prepare(struct db *db, struct db_stmt *q, const char *sql);
/* As db_prepare() but not cached: for SQL run once (migrations, maintenance). */
int db_prepare_once(struct db *db, struct db_stmt *q, const char *sql);
/* Binds a value to the named parameter (":name"). Aborts when the statement has no such name. */
void db_bind_text(struct db_stmt *q, const char *name, const char *value);
void db_bind_textn(struct db_stmt *q, const char *name, const char *value, size_t n);
void db_bind_int(struct db_stmt *q, const char *name, int64_t value);
void db_bind_blob(struct db_stmt *q, const char *name, const void *p, size_t n);
void db_bind_null(struct db_stmt *q, const char *name);
/* Binds text, or NULL when value is NULL or "". */
void db_bind_text_or_null(struct db_stmt *q, const char *name, const char *value);
/* Binds an integer, or NULL when value is 0 (an optional id: no category, no parent). */
void db_bind_int_or_null(struct db_stmt *q, const char *name, int64_t value);
/* DB_ROW, DB_DONE, or a negative enum db_status (logged). */
int db_step(struct db_stmt *q);
/* Resets (cached) or frees (one-off) the statement. Safe on a statement whose prepare failed. */
void db_finalize(struct db_stmt *q);

/* Column accessors for the current row; text is "" for NULL and valid until the next step. */
int64_t db_col_int(struct db_stmt *q, int col);
const char *db_col_text(struct db_stmt *q, int col);
const void *db_col_blob(struct db_stmt *q, int col); /* NULL when NULL or empty */
size_t db_col_bytes(struct db_stmt *q, int col);
bool db_col_null(struct db_stmt *q, int col);
/* The current row as a JSON object named by column: integers, reals, strings, null. A column
 * named "a.b" (SELECT c.slug AS "category.slug") goes into the nested object "a"; when the first
 * "a." column is NULL, "a" is null and its other columns are skipped (a LEFT JOIN that found
 * nothing). Text that is not valid UTF-8 (it should never be stored) comes out with U+FFFD in
 * place of bad bytes. New reference. */
json_t *db_row_json(struct db_stmt *q);
/* Steps to the end, collecting db_row_json() of every row into a new array in *rows, then
 * finalizes. DB_OK, or the error (logged) with *rows NULL: an error is never an empty list. */
int db_rows_json(struct db_stmt *q, json_t **rows);

/* Steps a bound statement that returns no rows, then finalizes it: DB_OK or the error. */
int db_run(struct db_stmt *q);
/* db_run() for a statement meant to change a row: DB_DONE when it changed none (no such id). */
int db_run_changing(struct db_stmt *q);
/* The first row of a bound statement as db_row_json() in *row (new reference); finalizes.
 * DB_OK, DB_DONE when there is no row, or the error (logged); *row is NULL unless DB_OK. */
int db_one_json(struct db_stmt *q, json_t **row);
/* The first column of the first row as an integer in *v; finalizes. DB_OK, DB_DONE when there
 * is no row, or the error (logged); *v is set only with DB_OK. */
int db_one_int(struct db_stmt *q, int64_t *v);

/* Copies the database to a new file at path with SQLite's online backup API, in steps, so the
 * site keeps serving and writing meanwhile. DB_OK, or an error (logged) and no file. */
int db_backup(struct db *db, const char *path);

/* Runs SQL that takes no parameters (may hold several statements: schema scripts). */
int db_exec(struct db *db, const char *sql);
/* Transactions; they nest: only the outermost begin/commit touch the database, and a rollback
 * anywhere makes the outermost commit roll back instead (returning DB_ERROR). db_begin() takes
 * the write lock at once (BEGIN IMMEDIATE) so a writer never fails half-way on a lock. */
int db_begin(struct db *db);
int db_commit(struct db *db);
void db_rollback(struct db *db);
/* Row id of the last INSERT on this connection; rows changed by the last statement. */
int64_t db_last_id(struct db *db);
int db_changes(struct db *db);

#endif

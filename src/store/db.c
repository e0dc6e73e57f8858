/*
 * db.c: the SQLite backend of the SQL wrapper (see db.h): connections, the per-connection
 * statement cache, strict binding, nested transactions and rows as JSON.
 */
#include "store/db.h"
#include "base/buf.h"
#include "base/log.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "store/fts.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { CACHE_SLOTS = 256 };

struct db_cached {
    char *sql;
    sqlite3_stmt *st;
    bool in_use;
};

struct db {
    sqlite3 *h;
    char *path;
    int tx_depth;   /* nesting of db_begin() */
    bool tx_failed; /* a nested level rolled back: the outermost commit must not */
    struct db_cached cache[CACHE_SLOTS];
    struct fts_replay *replay; /* the tokenizer's, owned by SQLite */
};

static int status_of(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_OK: return DB_OK;
    case SQLITE_ROW: return DB_ROW;
    case SQLITE_DONE: return DB_DONE;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return DB_BUSY;
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL: return DB_UNAVAILABLE;
    case SQLITE_CONSTRAINT: return DB_CONSTRAINT;
    default: return DB_ERROR;
    }
}

int db_open(struct db **out, const char *path, int flags)
{
    *out = NULL;
    int oflags = SQLITE_OPEN_NOMUTEX;
    oflags |= (flags & DB_OPEN_READONLY) ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    if (flags & DB_OPEN_CREATE)
        oflags |= SQLITE_OPEN_CREATE;
    sqlite3 *h = NULL;
    int rc = sqlite3_open_v2(path, &h, oflags, NULL);
    if (rc != SQLITE_OK) {
        log_error("cannot open database %s: %s", path, h ? sqlite3_errmsg(h) : "out of memory");
        sqlite3_close(h);
        return DB_ERROR;
    }
    sqlite3_busy_timeout(h, 5000);
    struct fts_replay *replay;
    if (fts_register(h, &replay) != SQLITE_OK) {
        log_error("cannot register the search tokenizer on %s", path);
        sqlite3_close(h);
        return DB_ERROR;
    }
    struct db *db = xcalloc(1, sizeof *db);
    db->h = h;
    db->path = xstrdup(path);
    db->replay = replay;
    /* WAL lets readers run beside the one writer; NORMAL sync is durable across crashes of
     * the process (not of the machine) at a fraction of FULL's cost. */
    /* Memory-mapped reads (up to 1 GiB of the file) save copying every page out of the kernel,
     * which searches that visit many pages otherwise spend half their time on. */
    const char *setup = (flags & DB_OPEN_READONLY)
                            ? "PRAGMA foreign_keys=ON; PRAGMA mmap_size=1073741824;"
                            : "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                              "PRAGMA foreign_keys=ON; PRAGMA mmap_size=1073741824;";
    if (db_exec(db, setup) != DB_OK) {
        db_close(db);
        return DB_ERROR;
    }
    *out = db;
    return DB_OK;
}

struct fts_replay *db_replay(struct db *db)
{
    return db->replay;
}

void db_close(struct db *db)
{
    if (!db)
        return;
    for (int i = 0; i < CACHE_SLOTS; i++) {
        sqlite3_finalize(db->cache[i].st);
        free(db->cache[i].sql);
    }
    sqlite3_close(db->h);
    free(db->path);
    free(db);
}

const char *db_path(const struct db *db)
{
    return db->path;
}

/* Per-thread connections. */

static char *thread_path;
static pthread_key_t thread_key;
static pthread_once_t thread_once = PTHREAD_ONCE_INIT;

static void thread_close(void *p)
{
    db_close(p);
}

static void thread_key_make(void)
{
    pthread_key_create(&thread_key, thread_close);
}

void db_thread_init(const char *path)
{
    free(thread_path);
    thread_path = xstrdup(path);
    pthread_once(&thread_once, thread_key_make);
}

struct db *db_thread(void)
{
    struct db *db = pthread_getspecific(thread_key);
    if (db || !thread_path)
        return db;
    if (db_open(&db, thread_path, 0) != DB_OK)
        return NULL;
    pthread_setspecific(thread_key, db);
    return db;
}

/* Statements. */

static int prepare_raw(struct db *db, sqlite3_stmt **st, const char *sql)
{
    const char *tail = NULL;
    int rc = sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, st, &tail);
    if (rc != SQLITE_OK) {
        log_error("SQL error: %s in: %s", sqlite3_errmsg(db->h), sql);
        return status_of(rc) < 0 ? status_of(rc) : DB_ERROR;
    }
    while (tail && (*tail == ' ' || *tail == '\n' || *tail == '\t' || *tail == ';'))
        tail++;
    if (tail && *tail) {
        log_error("SQL refused: text after the statement: %s", sql);
        sqlite3_finalize(*st);
        *st = NULL;
        return DB_ERROR;
    }
    return DB_OK;
}

static unsigned hash_sql(const char *s)
{
    unsigned h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

int db_prepare_once(struct db *db, struct db_stmt *q, const char *sql)
{
    sqlite3_stmt *st = NULL;
    q->db = db;
    q->cached = NULL;
    q->st = NULL;
    int rc = prepare_raw(db, &st, sql);
    q->st = st;
    return rc;
}

int db_prepare(struct db *db, struct db_stmt *q, const char *sql)
{
    unsigned h = hash_sql(sql);
    for (unsigned i = 0; i < 8; i++) {
        struct db_cached *c = &db->cache[(h + i) % CACHE_SLOTS];
        if (c->sql && strcmp(c->sql, sql) == 0) {
            if (c->in_use) /* the same query nested inside itself: use a one-off */
                return db_prepare_once(db, q, sql);
            c->in_use = true;
            q->db = db;
            q->cached = c;
            q->st = c->st;
            return DB_OK;
        }
        if (!c->sql) {
            int rc = db_prepare_once(db, q, sql);
            if (rc != DB_OK)
                return rc;
            c->sql = xstrdup(sql);
            c->st = q->st;
            c->in_use = true;
            q->cached = c;
            return DB_OK;
        }
    }
    /* The probe window is full: this statement is simply not cached. */
    return db_prepare_once(db, q, sql);
}

static int param_index(struct db_stmt *q, const char *name)
{
    int i = sqlite3_bind_parameter_index(q->st, name);
    if (i == 0) {
        log_error("bind: no parameter %s in: %s", name, sqlite3_sql(q->st));
        abort();
    }
    return i;
}

void db_bind_textn(struct db_stmt *q, const char *name, const char *value, size_t n)
{
    if (!q->st)
        return;
    sqlite3_bind_text(q->st, param_index(q, name), value, (int)n, SQLITE_TRANSIENT);
}

void db_bind_text(struct db_stmt *q, const char *name, const char *value)
{
    if (!value)
        db_bind_null(q, name);
    else
        db_bind_textn(q, name, value, strlen(value));
}

void db_bind_text_or_null(struct db_stmt *q, const char *name, const char *value)
{
    if (!value || !*value)
        db_bind_null(q, name);
    else
        db_bind_text(q, name, value);
}

void db_bind_blob(struct db_stmt *q, const char *name, const void *p, size_t n)
{
    if (q->st)
        sqlite3_bind_blob(q->st, param_index(q, name), p, (int)n, SQLITE_TRANSIENT);
}

void db_bind_int(struct db_stmt *q, const char *name, int64_t value)
{
    if (q->st)
        sqlite3_bind_int64(q->st, param_index(q, name), value);
}

void db_bind_int_or_null(struct db_stmt *q, const char *name, int64_t value)
{
    if (value)
        db_bind_int(q, name, value);
    else
        db_bind_null(q, name);
}

void db_bind_null(struct db_stmt *q, const char *name)
{
    if (q->st)
        sqlite3_bind_null(q->st, param_index(q, name));
}

int db_step(struct db_stmt *q)
{
    if (!q->st)
        return DB_ERROR;
    int rc = status_of(sqlite3_step(q->st));
    if (rc < 0 && rc != DB_CONSTRAINT)
        log_error("SQL error: %s in: %s", sqlite3_errmsg(q->db->h), sqlite3_sql(q->st));
    return rc;
}

void db_finalize(struct db_stmt *q)
{
    if (!q->st)
        return;
    if (q->cached) {
        sqlite3_reset(q->st);
        sqlite3_clear_bindings(q->st);
        q->cached->in_use = false;
    } else {
        sqlite3_finalize(q->st);
    }
    q->st = NULL;
    q->cached = NULL;
}

int64_t db_col_int(struct db_stmt *q, int col)
{
    return sqlite3_column_int64(q->st, col);
}

const char *db_col_text(struct db_stmt *q, int col)
{
    const unsigned char *t = sqlite3_column_text(q->st, col);
    return t ? (const char *)t : "";
}

const void *db_col_blob(struct db_stmt *q, int col)
{
    return sqlite3_column_blob(q->st, col);
}

size_t db_col_bytes(struct db_stmt *q, int col)
{
    return (size_t)sqlite3_column_bytes(q->st, col);
}

bool db_col_null(struct db_stmt *q, int col)
{
    return sqlite3_column_type(q->st, col) == SQLITE_NULL;
}

/* A JSON string from bytes that should be UTF-8; bad bytes become U+FFFD. */
static json_t *json_text(const char *s, size_t n)
{
    if (utf8_valid(s, n))
        return json_stringn_nocheck(s, n);
    struct buf b = BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        size_t len = 1;
        while (len <= 4 && i + len <= n && !utf8_valid(s + i, len))
            len++;
        if (len <= 4 && i + len <= n) {
            buf_append(&b, s + i, len);
            i += len - 1;
        } else {
            buf_puts(&b, "\xEF\xBF\xBD");
        }
    }
    json_t *j = json_stringn_nocheck(buf_str(&b), b.len);
    buf_free(&b);
    return j;
}

json_t *db_row_json(struct db_stmt *q)
{
    json_t *row = json_object();
    int n = sqlite3_column_count(q->st);
    for (int i = 0; i < n; i++) {
        const char *name = sqlite3_column_name(q->st, i);
        const char *dot = strchr(name, '.');
        json_t *into = row;
        if (dot) {
            /* "category.slug" nests as {"category": {"slug": ...}}; a NULL id drops the
             * object ("category.id" first in the query: no category, no object). */
            char parent[64];
            snprintf(parent, sizeof parent, "%.*s", (int)(dot - name), name);
            into = json_object_get(row, parent);
            if (!into) {
                if (sqlite3_column_type(q->st, i) == SQLITE_NULL) {
                    json_object_set_new(row, parent, json_null());
                    continue;
                }
                into = json_object();
                json_object_set_new(row, parent, into);
            }
            if (!json_is_object(into))
                continue;
            name = dot + 1;
        }
        json_t *v;
        switch (sqlite3_column_type(q->st, i)) {
        case SQLITE_INTEGER: v = json_integer(sqlite3_column_int64(q->st, i)); break;
        case SQLITE_FLOAT: v = json_real(sqlite3_column_double(q->st, i)); break;
        case SQLITE_NULL: v = json_null(); break;
        default: v = json_text(db_col_text(q, i), db_col_bytes(q, i)); break;
        }
        json_object_set_new(into, name, v);
    }
    return row;
}

int db_rows_json(struct db_stmt *q, json_t **rows)
{
    *rows = json_array();
    int rc;
    while ((rc = db_step(q)) == DB_ROW)
        json_array_append_new(*rows, db_row_json(q));
    db_finalize(q);
    if (rc == DB_DONE)
        return DB_OK;
    json_decref(*rows);
    *rows = NULL;
    return rc < 0 ? rc : DB_ERROR;
}

int db_run(struct db_stmt *q)
{
    int rc = db_step(q);
    db_finalize(q);
    return rc == DB_DONE ? DB_OK : rc;
}

int db_run_changing(struct db_stmt *q)
{
    struct db *db = q->db;
    int rc = db_run(q);
    return rc == DB_OK && db_changes(db) == 0 ? DB_DONE : rc;
}

int db_one_json(struct db_stmt *q, json_t **row)
{
    int rc = db_step(q);
    *row = rc == DB_ROW ? db_row_json(q) : NULL;
    db_finalize(q);
    return rc == DB_ROW ? DB_OK : rc == DB_DONE ? DB_DONE : rc < 0 ? rc : DB_ERROR;
}

int db_one_int(struct db_stmt *q, int64_t *v)
{
    int rc = db_step(q);
    if (rc == DB_ROW)
        *v = db_col_int(q, 0);
    db_finalize(q);
    return rc == DB_ROW ? DB_OK : rc == DB_DONE ? DB_DONE : rc < 0 ? rc : DB_ERROR;
}

int db_backup(struct db *db, const char *path)
{
    sqlite3 *out = NULL;
    if (sqlite3_open_v2(path, &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        log_error("backup: cannot create %s: %s", path, out ? sqlite3_errmsg(out) : "?");
        sqlite3_close(out);
        return DB_ERROR;
    }
    sqlite3_backup *b = sqlite3_backup_init(out, "main", db->h, "main");
    int rc = SQLITE_ERROR;
    if (b) {
        /* 1,000 pages a step, a short pause between: other connections write in the gaps. */
        while ((rc = sqlite3_backup_step(b, 1000)) == SQLITE_OK || rc == SQLITE_BUSY ||
               rc == SQLITE_LOCKED)
            sqlite3_sleep(rc == SQLITE_OK ? 1 : 20);
        sqlite3_backup_finish(b);
    }
    if (rc != SQLITE_DONE) {
        log_error("backup to %s failed: %s", path, sqlite3_errmsg(out));
        sqlite3_close(out);
        remove(path);
        return DB_ERROR;
    }
    /* The copy is a plain database; it becomes WAL when sahifa opens it. */
    sqlite3_close(out);
    return DB_OK;
}

int db_exec(struct db *db, const char *sql)
{
    char *err = NULL;
    int rc = sqlite3_exec(db->h, sql, NULL, NULL, &err);
    if (rc != SQLITE_OK) {
        log_error("SQL error: %s in: %.200s", err ? err : "?", sql);
        sqlite3_free(err);
    }
    return status_of(rc);
}

int db_begin(struct db *db)
{
    if (db->tx_depth++ > 0)
        return DB_OK;
    db->tx_failed = false;
    int rc = db_exec(db, "BEGIN IMMEDIATE");
    if (rc != DB_OK)
        db->tx_depth = 0;
    return rc;
}

int db_commit(struct db *db)
{
    if (db->tx_depth == 0)
        return DB_ERROR;
    if (--db->tx_depth > 0)
        return DB_OK;
    if (db->tx_failed) {
        db_exec(db, "ROLLBACK");
        return DB_ERROR;
    }
    int rc = db_exec(db, "COMMIT");
    if (rc != DB_OK)
        db_exec(db, "ROLLBACK");
    return rc;
}

void db_rollback(struct db *db)
{
    if (db->tx_depth == 0)
        return;
    if (--db->tx_depth > 0) {
        db->tx_failed = true;
        return;
    }
    db_exec(db, "ROLLBACK");
}

int64_t db_last_id(struct db *db)
{
    return sqlite3_last_insert_rowid(db->h);
}

int db_changes(struct db *db)
{
    return sqlite3_changes(db->h);
}

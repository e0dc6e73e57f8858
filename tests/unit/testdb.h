/* testdb.h: a fresh in-memory database with the current schema, for unit tests that need one.
 * Include it once per test file; the suite's init and fini are test_db_open and test_db_close. */
#ifndef SAHIFA_TEST_TESTDB_H
#define SAHIFA_TEST_TESTDB_H

#include "base/log.h"
#include "store/db.h"
#include "store/store.h"

#include <criterion/criterion.h>

static struct db *db;

/* What a store read put in its last argument, written &_out in the call: READ() for JSON (NULL
 * when the read said DB_DONE, nothing found), READ_INT() for a number (-1 then). A read that
 * failed fails the test, so a test never mistakes a database error for "none". */
#define READ(call)                                                                                 \
    ({                                                                                             \
        json_t *_out = NULL;                                                                       \
        int _rc = (call);                                                                          \
        cr_assert(_rc == DB_OK || _rc == DB_DONE, "%s returned %d", #call, _rc);                   \
        _out;                                                                                      \
    })
#define READ_INT(call)                                                                             \
    ({                                                                                             \
        int64_t _out = -1;                                                                         \
        int _rc = (call);                                                                          \
        cr_assert(_rc == DB_OK || _rc == DB_DONE, "%s returned %d", #call, _rc);                   \
        _out;                                                                                      \
    })

static void test_db_open(void)
{
    log_min_level = LOG_WARN; /* "migrated to schema version" on every test is noise */
    cr_assert_eq(db_open(&db, ":memory:", DB_OPEN_CREATE), DB_OK);
    cr_assert_eq(store_migrate(db), DB_OK);
}

static void test_db_close(void)
{
    db_close(db);
}

#endif

/*
 * fail.h: how a request fails when the database does: never as "not found" or an empty page,
 * always as a server error the one error renderer shows (the Arabic page, or the API's JSON
 * error object).
 */
#ifndef SAHIFA_VIEW_FAIL_H
#define SAHIFA_VIEW_FAIL_H

#include "web/req.h"

/* Fails the request for the database error rc (a negative enum db_status from a store_*
 * call): 503 "database_busy" when the database is locked or cannot be read or written
 * (DB_BUSY, DB_UNAVAILABLE: worth trying again soon), 500 "database_error" otherwise, each
 * with an Arabic message. Returns -1, for `return view_fail_db(r, rc);`. */
int view_fail_db(struct req *r, int rc);

#endif

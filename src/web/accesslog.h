/*
 * accesslog.h: one line per request in the combined log format (Apache's and nginx's), so the
 * usual log tools read it:
 *
 *   127.0.0.1 - - [29/Nov/2026:05:46:56 +0000] "GET /a/7 HTTP/1.1" 301 0 "-" "Mozilla/5.0 ..."
 *
 * Quotes, backslashes and bytes outside printable ASCII in the request line, referer and agent
 * are written as \xHH, so a client cannot forge or break lines.
 */
#ifndef SAHIFA_WEB_ACCESSLOG_H
#define SAHIFA_WEB_ACCESSLOG_H

#include "web/req.h"

/* Sends the log to path ("-": standard output; NULL: no access log). Returns 0 or -1. */
int accesslog_open(const char *path);
/* Writes r's line with a single write(), so concurrent lines never interleave. */
void accesslog_write(const struct req *r);
void accesslog_close(void);

#endif

/*
 * log.h: diagnostics on stderr.
 *
 * One line per message, prefixed with the time and level, written with a single write() so lines
 * from many threads never interleave. The access log is separate (web/accesslog.c).
 */
#ifndef SAHIFA_BASE_LOG_H
#define SAHIFA_BASE_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/* Messages below this level are dropped; LOG_INFO by default. */
extern enum log_level log_min_level;

/* Holds messages in memory until log_release() writes them out: `sahifa serve` starts this way
 * so that its first line on stderr is always "listening on ...", which scripts wait for. */
void log_hold(void);
void log_release(void);

void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)

#endif

/* log.c: diagnostics on stderr, one write() per line (see log.h). */
#include "base/log.h"

#include "base/buf.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

enum log_level log_min_level = LOG_INFO;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static bool holding;
static struct buf held = BUF_INIT;

void log_hold(void)
{
    pthread_mutex_lock(&lock);
    holding = true;
    pthread_mutex_unlock(&lock);
}

void log_release(void)
{
    pthread_mutex_lock(&lock);
    holding = false;
    if (held.len) {
        ssize_t w = write(2, held.p, held.len);
        (void)w;
    }
    buf_free(&held);
    pthread_mutex_unlock(&lock);
}

void log_msg(enum log_level level, const char *fmt, ...)
{
    static const char *names[] = {"debug", "info", "warn", "error"};
    if (level < log_min_level)
        return;
    char line[2048];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    size_t n = strftime(line, sizeof line, "%Y-%m-%dT%H:%M:%SZ ", &tm);
    n += (size_t)snprintf(line + n, sizeof line - n, "%s: ", names[level]);
    va_list ap;
    va_start(ap, fmt);
    int m = vsnprintf(line + n, sizeof line - n - 1, fmt, ap);
    va_end(ap);
    if (m < 0)
        m = 0;
    n += (size_t)m;
    if (n > sizeof line - 2)
        n = sizeof line - 2;
    line[n++] = '\n';
    pthread_mutex_lock(&lock);
    if (holding) {
        buf_append(&held, line, n);
    } else {
        ssize_t w = write(2, line, n);
        (void)w;
    }
    pthread_mutex_unlock(&lock);
}

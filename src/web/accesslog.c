/* accesslog.c: the combined-format access log (see accesslog.h). */
#include "web/accesslog.h"
#include "base/log.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int log_fd = -1;

int accesslog_open(const char *path)
{
    accesslog_close();
    if (!path)
        return 0;
    if (strcmp(path, "-") == 0) {
        log_fd = 1;
        return 0;
    }
    log_fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
    if (log_fd < 0) {
        log_error("cannot open access log %s: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

void accesslog_close(void)
{
    if (log_fd > 2)
        close(log_fd);
    log_fd = -1;
}

/* Appends s with anything that could break the line or its quoting as \xHH. */
static void put_safe(struct buf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    if (!s || !*s) {
        buf_putc(b, '-');
        return;
    }
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
            char e[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
            buf_append(b, e, 4);
        } else {
            buf_putc(b, (char)c);
        }
    }
}

void accesslog_write(const struct req *r)
{
    if (log_fd < 0)
        return;
    struct buf b = BUF_INIT;
    char when[64];
    struct tm tm;
    time_t now = r->now;
    localtime_r(&now, &tm);
    strftime(when, sizeof when, "%d/%b/%Y:%H:%M:%S %z", &tm);
    buf_printf(&b, "%s - - [%s] \"", r->client ? r->client : "-", when);
    put_safe(&b, r->method);
    buf_putc(&b, ' ');
    put_safe(&b, r->raw_uri);
    buf_putc(&b, ' ');
    put_safe(&b, r->version);
    buf_printf(&b, "\" %d %zu \"", r->status, r->bytes_sent);
    put_safe(&b, r->referer);
    buf_puts(&b, "\" \"");
    put_safe(&b, r->user_agent);
    buf_puts(&b, "\"\n");
    ssize_t w = write(log_fd, b.p, b.len);
    (void)w;
    buf_free(&b);
}

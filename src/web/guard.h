/*
 * guard.h: the connection guard, the limits that hold when clients are hostile.
 *
 * libmicrohttpd caps connections in all and closes those idle for a while; a client that sends
 * one byte every few seconds is never idle, and twenty addresses holding a few dozen such
 * connections each used to fill the server (slowloris). The guard adds what libmicrohttpd 0.9.75
 * lacks:
 *
 *  - per-address caps, decided when a connection is accepted (guard_admit()): at most
 *    per_client connections from one address (an IPv6 client by its /64), and once busy_at
 *    connections are open, none beyond per_client_busy for an address, so the last quarter of
 *    the server stays for addresses holding few; the trusted proxy (if any) is exempt, since
 *    every reader comes through it;
 *  - deadlines for the whole of what a client must send, not only for its silences: a request
 *    head must be complete head_timeout seconds after the connection opened or the previous
 *    response went out (keep_alive_busy seconds instead while the server is busy), and a body
 *    must arrive at body_min_rate bytes a second on average after a grace of head_timeout.
 *    guard_sweep(), a tick job run every second, shuts down the sockets past their deadline;
 *    libmicrohttpd then sees the connection closed and ends it the usual way (completion
 *    callbacks included). While a response is being made or sent there is no deadline:
 *    libmicrohttpd's idle timeout covers a client that stops reading.
 *
 * Thread-safe: libmicrohttpd's workers call guard_admit/open/close from any thread; the state
 * calls (head_done, body, responding, idle) come from the connection's own worker.
 */
#ifndef SAHIFA_WEB_GUARD_H
#define SAHIFA_WEB_GUARD_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>
#include <time.h>

struct guard_limits {
    unsigned max_connections; /* open in all (libmicrohttpd enforces it too) */
    unsigned per_client;      /* open from one address */
    unsigned busy_at;         /* open connections from which the server counts as busy */
    unsigned per_client_busy; /* open from one address for a new one to be let in when busy */
    unsigned head_timeout;    /* seconds for a whole request head */
    unsigned keep_alive_busy; /* seconds for the next head on a kept-alive connection, busy */
    size_t body_min_rate;     /* bytes a second a body must average after its grace */
    const char *exempt;       /* an address without per-address caps (the trusted proxy), or
                               * NULL */
};

/* One accepted connection, from guard_open() to guard_close(). */
struct guard_conn;

/*
 * Sets the limits (copied; exempt must outlive the server) and makes sure the process may open
 * enough files for max_connections: raises the soft RLIMIT_NOFILE up to the hard one when
 * needed. Returns the number of connections the server can afford: max_connections, or fewer
 * when the hard limit is lower (logged as a warning). Call once, before the server starts.
 */
unsigned guard_init(const struct guard_limits *limits);

/* Whether a connection from sa may be let in now (the per-address caps above). Connections
 * accepted at the same moment by different workers can pass the cap by one each. */
bool guard_admit(const struct sockaddr *sa);

/* Records a new connection on socket fd from sa, its head awaited from now. The caller keeps
 * the result (libmicrohttpd's socket context) and hands it back to guard_close(). */
struct guard_conn *guard_open(int fd, const struct sockaddr *sa);
/* Forgets the connection and frees c. Must come before the socket is closed, so the sweep
 * never shuts down a descriptor that a newer connection reuses. */
void guard_close(struct guard_conn *c);

/* The request's head has arrived; its body (if any) may take head_timeout plus its length at
 * body_min_rate. */
void guard_head_done(struct guard_conn *c);
/* n more bytes of the body have arrived. */
void guard_body(struct guard_conn *c, size_t n);
/* The response is being made and sent: no deadline. */
void guard_responding(struct guard_conn *c);
/* The response is out: the next request's head is awaited (keep-alive). */
void guard_idle(struct guard_conn *c);

/* What the server holds now (for /metrics and tests). */
struct guard_stats {
    unsigned open;         /* connections open */
    unsigned long refused; /* connections refused by the per-address caps since start */
    unsigned long expired; /* connections shut down past their deadline since start */
};
struct guard_stats guard_stats(void);

/* Shuts down every connection past its deadline (a tick job; now is unused: the guard keeps
 * its own monotonic clock). */
void guard_sweep(time_t now);

#endif

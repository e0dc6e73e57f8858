/*
 * fuzz_request.c: a request's whole path through sahifa, from the bytes a client sends.
 * libmicrohttpd parses them (request line, headers, cookies, query string, body); then the
 * server's own callbacks in web/server.c (included here, as unit tests include a .c to reach its
 * static functions) make the struct req, check limits and UTF-8, match the real route table
 * (src/cli/routes.c) and run the real handlers over a demo site: form bodies (req_form), the
 * session cookie (auth_load), bearer tokens, the query arguments of search and the API, the
 * error pages. Multipart bodies are not read by sahifa yet; when they are, they come this way.
 *
 * Each input is one connection: its bytes go into one end of a socket pair whose other end is
 * handed to a daemon that has no listening socket and no threads of its own (MHD_add_connection),
 * which the target drives (MHD_run) until the connection is closed. The seeds in
 * tests/fuzz/corpus/request/ are whole requests: GET pages, searches, API calls, form POSTs.
 */
#include "web/server.c"

#include "cli/cli.h"
#include "pages/pages.h"
#include "view/blocks.h"
#include "view/render.h"
#include "view/site.h"
#include "store/store.h"
#include "tmpl/theme.h"

#include "fuzz.h"

#include <fcntl.h>
#include <sys/socket.h>

static struct server_config cfg;
static struct MHD_Daemon *daemon_;

/* The demo site in a fresh database and the daemon, set up as cmd_serve() and server_run() set
 * them up (cli/serve.c, web/server.c; keep them in step). */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    log_min_level = LOG_ERROR;
    signal(SIGPIPE, SIG_IGN);
    static char dir[] = "/tmp/sahifa-fuzz-XXXXXX";
    FUZZ_CHECK(mkdtemp(dir), "mkdtemp");
    static char path[sizeof dir + 16];
    snprintf(path, sizeof path, "%s/site.db", dir);
    struct db *db = NULL;
    FUZZ_CHECK(db_open(&db, path, DB_OPEN_CREATE) == DB_OK && store_migrate(db) == DB_OK,
               "a new database");
    FUZZ_CHECK(demo_load(db, time(NULL)) == 0, "the demo site");
    db_thread_init(path);
    struct theme *theme = theme_open(NULL);
    FUZZ_CHECK(theme && site_load(db) == 0, "theme and site");
    view_theme_set(theme);
    const struct site *s = site_get();
    struct auth_settings auth = {s->session_idle, s->session_lifetime, s->https};
    auth_configure(&auth);
    blocks_refresh(db, time(NULL));
    db_close(db);

    server_config_defaults(&cfg);
    cfg.routes = routes;
    cfg.render_error = page_error;
    cfg.moved_to = page_moved_to;
    cfg.cors_origin = "*";
    config = &cfg;
    /* The daemon as server_run() starts it, less the listening socket and the threads. */
    struct guard_limits limits = {
        .max_connections = cfg.max_connections,
        .per_client = cfg.per_client_connections,
        .busy_at = cfg.busy_connections,
        .per_client_busy = cfg.per_client_busy,
        .head_timeout = cfg.head_timeout,
        .keep_alive_busy = cfg.keep_alive_busy,
        .body_min_rate = cfg.body_min_rate,
    };
    unsigned max_connections = guard_init(&limits);
    daemon_ = MHD_start_daemon(
        MHD_USE_NO_LISTEN_SOCKET | MHD_USE_ERROR_LOG, 0, on_accept, NULL, on_request, NULL,
        MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL, MHD_OPTION_CONNECTION_LIMIT, max_connections,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, 2 * cfg.max_header_bytes, MHD_OPTION_URI_LOG_CALLBACK,
        on_uri, NULL, MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_NOTIFY_CONNECTION,
        on_connection, NULL, MHD_OPTION_END);
    FUZZ_CHECK(daemon_, "the daemon");
    return 0;
}

static unsigned connections(void)
{
    const union MHD_DaemonInfo *di =
        MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
    return di ? di->num_connections : 0;
}

/* Reads what the server wrote, dropped or, with FUZZ_ECHO set (for writing seeds), copied to
 * stderr; false once the server has closed its end. */
static bool drain(int fd)
{
    static int echo = -1;
    if (echo < 0)
        echo = getenv("FUZZ_ECHO") != NULL;
    char sink[65536];
    for (;;) {
        ssize_t got = read(fd, sink, sizeof sink);
        if (got > 0 && echo)
            fwrite(sink, 1, (size_t)got, stderr);
        if (got > 0)
            continue;
        return got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int sv[2];
    FUZZ_CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair");
    fcntl(sv[0], F_SETFL, O_NONBLOCK);
    struct sockaddr_in peer = {.sin_family = AF_INET, .sin_port = htons(40000)};
    peer.sin_addr.s_addr = htonl(0x7f000001);
    FUZZ_CHECK(MHD_add_connection(daemon_, sv[1], (struct sockaddr *)&peer, sizeof peer) == MHD_YES,
               "add connection");

    /* The client's bytes, as fast as the server takes them, then the end of its side. */
    size_t sent = 0;
    bool open = true;
    for (int round = 0; sent < size && open && round < 100000; round++) {
        ssize_t w = write(sv[0], data + sent, size - sent);
        if (w > 0)
            sent += (size_t)w;
        else if (errno != EAGAIN && errno != EWOULDBLOCK)
            break; /* the server closed the connection early (431, 413, a bad request line) */
        MHD_run(daemon_);
        open = drain(sv[0]);
    }
    shutdown(sv[0], SHUT_WR);
    for (int round = 0; open && round < 100000; round++) {
        MHD_run(daemon_);
        open = drain(sv[0]);
    }
    close(sv[0]);
    for (int round = 0; connections() > 0 && round < 100000; round++)
        MHD_run(daemon_);
    FUZZ_CHECK(connections() == 0, "a connection the server never closed");
    return 0;
}

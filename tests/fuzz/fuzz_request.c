/*
 * fuzz_request.c: a request's whole path through sahifa, from the bytes a client sends.
 * libmicrohttpd parses them (request line, headers, cookies, query string, body); then the
 * server's own callbacks in web/server.c (included here, as unit tests include a .c to reach its
 * static functions) make the struct req, check limits and UTF-8, match the real route table
 * (src/cli/routes.c) and run the real handlers over a demo site: form bodies (req_form), the
 * session cookie (auth_load) and the CSRF token, bearer tokens, the query arguments of search
 * and the API, the error pages, and multipart uploads (web/upload.c, through libmicrohttpd's
 * post processor) to the media library: the type sniffed from the bytes (media/sniff.c), then
 * the photo made by libvips on the photo worker (media/queue.c), the request suspended until
 * it is done, as in the server.
 *
 * Each input is one connection: its bytes go into one end of a socket pair whose other end is
 * handed to a daemon that has no listening socket and no threads of its own (MHD_add_connection),
 * which the target drives (MHD_run) until the connection is closed. The seeds in
 * tests/fuzz/corpus/request/ are whole requests: GET pages, searches, API calls, form POSTs,
 * uploads. So that they get past the login checks, the demo site has an admin with a session
 * and two API tokens whose values are fixed here (FUZZ_SESSION, FUZZ_CSRF, FUZZ_TOKEN_*),
 * stored through the store's own functions as auth.c stores them: by their BLAKE2b hash.
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
#include "media/process.h"
#include "media/storage.h"

#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <sodium.h>
#include <sys/socket.h>
#include <sys/stat.h>

/* What the seeds carry: the admin's session cookie (sahifa_session=) and its CSRF token (the
 * field csrf), and bearer tokens with the scopes articles:write and media:write. */
#define FUZZ_SESSION "abababababababababababababababababababababababababababababababab"
#define FUZZ_CSRF    "c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5"
#define FUZZ_TOKEN_ARTICLES                                                                        \
    "sahifa_0000000000000000000000000000000000000000000000000000000000000000"
#define FUZZ_TOKEN_MEDIA "sahifa_1111111111111111111111111111111111111111111111111111111111111111"

/* Photos bigger than this are refused before they are decoded: the site's limit (60 million
 * pixels) would let a few bytes of JPEG header cost seconds of decoding under the sanitizers;
 * one million keeps each input fast and still reaches the refusal. */
enum { FUZZ_MAX_PIXELS = 1000 * 1000 };

static struct server_config cfg;
static struct MHD_Daemon *daemon_;
static char dir[] = "/tmp/sahifa-fuzz-XXXXXX";
static char uploads[sizeof dir + 16]; /* TMPDIR: where uploads are streamed */
static struct conn *the_conn; /* server.c's record of the input's connection, while it is open */

/* server.c's on_connection(), remembering the connection so that turn() sees its request. */
static void on_connection_seen(void *cls, struct MHD_Connection *connection, void **socket_context,
                               enum MHD_ConnectionNotificationCode code)
{
    if (code != MHD_CONNECTION_NOTIFY_STARTED && *socket_context == the_conn)
        the_conn = NULL;
    on_connection(cls, connection, socket_context, code);
    if (code == MHD_CONNECTION_NOTIFY_STARTED)
        the_conn = *socket_context;
}

/* True while the connection's request waits for the photo worker (req_defer(): suspended, then
 * resumed and not yet answered). */
static bool deferred(void)
{
    return the_conn && the_conn->req && the_conn->req->defer_finish;
}

/* One turn of the daemon: waiting up to a millisecond for the photo worker when a request waits
 * for it, without waiting otherwise. */
static void turn(void)
{
    MHD_run_wait(daemon_, deferred() ? 1 : 0);
}

/* The hex BLAKE2b hash of a token, as web/auth.c stores sessions and API tokens. */
static const char *hash_of(const char *token)
{
    static char hex[2 * 32 + 1];
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    return hex;
}

/* The admin who uploads, logged in with FUZZ_SESSION and owning the two tokens. */
static void add_admin(struct db *db)
{
    int64_t now = time(NULL), id;
    FUZZ_CHECK(sodium_init() >= 0, "libsodium");
    /* No password hash: nobody logs in as this user through the form. */
    FUZZ_CHECK(store_user_add(db, "fuzz", "مدير التحرير", "admin", "-", now, &id) == DB_OK,
               "the admin");
    FUZZ_CHECK(store_session_add(db, id, hash_of(FUZZ_SESSION), FUZZ_CSRF, "127.0.0.1", now,
                                 now + 365 * 86400) == DB_OK,
               "the session");
    FUZZ_CHECK(store_token_add(db, id, hash_of(FUZZ_TOKEN_ARTICLES), "articles:write", "fuzz", now,
                               NULL) == DB_OK &&
                   store_token_add(db, id, hash_of(FUZZ_TOKEN_MEDIA), "media:write", "fuzz", now,
                                   NULL) == DB_OK,
               "the tokens");
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    remove(path);
    return 0;
}

/* The database and the photos made, removed when libFuzzer exits. */
static void remove_dir(void)
{
    nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* The demo site in a fresh database and the daemon, set up as cmd_serve() and server_run() set
 * them up (cli/serve.c, web/server.c; keep them in step). */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    log_min_level = getenv("FUZZ_LOG") ? LOG_DEBUG : LOG_ERROR;
    signal(SIGPIPE, SIG_IGN);
    /* libvips' warnings on damaged photos (thousands a minute) would bury libFuzzer's lines. */
    setenv("VIPS_WARNING", "0", 0);
    FUZZ_CHECK(mkdtemp(dir), "mkdtemp");
    atexit(remove_dir);
    static char path[sizeof dir + 16], media[sizeof dir + 16];
    snprintf(path, sizeof path, "%s/site.db", dir);
    snprintf(media, sizeof media, "%s/site-media", dir);
    snprintf(uploads, sizeof uploads, "%s/uploads", dir);
    FUZZ_CHECK(mkdir(uploads, 0700) == 0 && setenv("TMPDIR", uploads, 1) == 0, "TMPDIR");
    FUZZ_CHECK(media_storage_folder(media) == 0, "the photos' folder");
    struct db *db = NULL;
    FUZZ_CHECK(db_open(&db, path, DB_OPEN_CREATE) == DB_OK && store_migrate(db) == DB_OK,
               "a new database");
    FUZZ_CHECK(demo_load(db, time(NULL)) == 0, "the demo site");
    add_admin(db);
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
    cfg.max_upload_bytes = (size_t)s->media_max_mb * 1024 * 1024;
    FUZZ_CHECK(media_init(FUZZ_MAX_PIXELS) == 0, "libvips");
    config = &cfg;
    /* The daemon as server_run() starts it, less the listening socket and the threads; an
     * upload's request is suspended while the photo worker makes it, and resumed from there. */
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
        MHD_USE_NO_LISTEN_SOCKET | MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME, 0, on_accept, NULL,
        on_request, NULL, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL, MHD_OPTION_CONNECTION_LIMIT,
        max_connections, MHD_OPTION_CONNECTION_MEMORY_LIMIT, 2 * cfg.max_header_bytes,
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL, MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection_seen, NULL, MHD_OPTION_END);
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

/* True when a temporary file of an upload (web/upload.c) is still there. */
static bool upload_left(void)
{
    DIR *d = opendir(uploads);
    FUZZ_CHECK(d, "%s", uploads);
    bool left = false;
    for (struct dirent *e; !left && (e = readdir(d));)
        left = strncmp(e->d_name, "sahifa-upload-", 14) == 0;
    closedir(d);
    return left;
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
        turn();
        open = drain(sv[0]);
    }
    /* An upload's answer before the end of the client's side: libmicrohttpd takes an end read
     * when a suspended request resumes as the client going away, and answers nothing. */
    for (int round = 0; open && deferred() && round < 100000; round++) {
        turn();
        open = drain(sv[0]);
    }
    shutdown(sv[0], SHUT_WR);
    for (int round = 0; open && round < 100000; round++) {
        turn();
        open = drain(sv[0]);
    }
    close(sv[0]);
    for (int round = 0; connections() > 0 && round < 100000; round++)
        turn();
    FUZZ_CHECK(connections() == 0, "a connection the server never closed");
    FUZZ_CHECK(!upload_left(), "an upload's temporary file outlived its request");
    return 0;
}

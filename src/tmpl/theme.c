/* theme.c: the built-in theme with file-by-file overrides from a folder (see theme.h). */
#include "tmpl/theme.h"
#include "base/buf.h"
#include "base/builtin.h"
#include "base/log.h"
#include "base/mem.h"
#include "base/u64map.h"

#include <dirent.h>
#include <sodium.h>
#include <stdbool.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/*
 * The only names a theme's templates may print raw ({{{x}}} or {{&x}}), each a whole dotted name
 * as written in the tag (mustache.h), each made by one of our own safe renderers. A bare name is
 * looked up through the sections around it, so these names must never carry anything else in
 * any view model (docs/THEMES.md, docs/SECURITY.md rule 7).
 */
const char *const theme_raw_fields[] = {
    "body_html",           /* an article (src/text/markdown.c) or a comment (src/text/comment.c) */
    "title_html",          /* a search result's title, escaped with <mark>: esc_html_marked() */
    "snippet_html",        /* its snippet, likewise */
    "page.jsonld_escaped", /* JSON-LD for a <script> element: esc_json_script() */
    "style_escaped",       /* the theme's stylesheet for a <style> element: theme_inline_style() */
    NULL,
};

struct theme {
    char *dir; /* NULL: built-in only */
    struct tmpl_set *templates;
    struct theme_file *files;
    size_t nfiles;
    char *inline_style, *inline_style_hash; /* made when the theme is opened */
};

/* Reads a whole file; NULL when it does not exist or cannot be read. */
static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct buf b = BUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(&b, chunk, n);
    bool failed = ferror(f);
    fclose(f);
    if (failed) {
        buf_free(&b);
        return NULL;
    }
    return buf_detach(&b, len);
}

/* Template loader: the theme folder first, then the built-in file. Names are Mustache tag
 * names; anything that could leave the templates folder is refused. */
static char *load_template(void *ctx, const char *name, size_t *len)
{
    struct theme *t = ctx;
    if (!*name || strstr(name, "..") || name[0] == '/' || strchr(name, '\\'))
        return NULL;
    if (t->dir) {
        char path[4096];
        snprintf(path, sizeof path, "%s/templates/%s.mustache", t->dir, name);
        char *src = read_file(path, len);
        if (src)
            return src;
    }
    char builtin_name[512];
    snprintf(builtin_name, sizeof builtin_name, "templates/%s.mustache", name);
    const struct builtin_file *f = builtin_find(builtin_name);
    if (!f)
        return NULL;
    *len = f->len;
    return xstrndup((const char *)f->data, f->len);
}

static const char *content_type_of(const char *name)
{
    static const struct {
        const char *ext, *type;
    } types[] = {
        {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".jpeg", "image/jpeg"},
        {".webp", "image/webp"},
        {".ico", "image/x-icon"},
        {".woff2", "font/woff2"},
        {".txt", "text/plain; charset=utf-8"},
    };
    const char *dot = strrchr(name, '.');
    for (size_t i = 0; dot && i < ARRAY_LEN(types); i++)
        if (strcasecmp(dot, types[i].ext) == 0)
            return types[i].type;
    return "application/octet-stream";
}

/* Adds, or replaces, the static file called name with a copy of the len bytes at data. */
static void add_file(struct theme *t, const char *name, const unsigned char *data, size_t len)
{
    struct theme_file *f = NULL;
    for (size_t i = 0; i < t->nfiles; i++)
        if (strcmp(t->files[i].name, name) == 0)
            f = &t->files[i];
    if (!f) {
        t->files = xrealloc(t->files, (t->nfiles + 1) * sizeof *t->files);
        f = &t->files[t->nfiles++];
        f->name = xstrdup(name);
    } else {
        free((void *)f->url);
        free((void *)f->data);
        for (int c = CODING_GZIP; c < CODINGS; c++)
            free((void *)f->coded[c].data);
    }
    /* The fingerprint goes before the extension: style.css -> style.3f9a1c2b.css. */
    uint64_t h = u64_hash(U64_HASH_SEED, data, len);
    const char *dot = strrchr(name, '.');
    size_t stem = dot ? (size_t)(dot - name) : strlen(name);
    struct buf url = BUF_INIT;
    buf_printf(&url, "/static/%.*s.%08llx%s", (int)stem, name, (unsigned long long)(h >> 32),
               dot ? dot : "");
    f->url = buf_detach(&url, NULL);
    unsigned char *copy = xmalloc(len + 1); /* fonts and images hold NUL bytes */
    memcpy(copy, data, len);
    copy[len] = 0;
    f->data = copy;
    f->len = len;
    f->content_type = content_type_of(name);
    f->coded[CODING_IDENTITY].data = f->data;
    f->coded[CODING_IDENTITY].len = len;
    for (int c = CODING_GZIP; c < CODINGS; c++) {
        f->coded[c].data = NULL;
        f->coded[c].len = 0;
        struct buf z = BUF_INIT;
        if (compress_worth(f->content_type) &&
            compress_body(&z, (enum coding)c, CODING_BEST, data, len) == 0 && z.len < len) {
            f->coded[c].len = z.len;
            f->coded[c].data = (const unsigned char *)buf_detach(&z, NULL);
        }
        buf_free(&z);
    }
}

/* Static file names must be plain: no folders, no dot-files (docs/SECURITY.md). */
static bool plain_name(const char *name)
{
    return name[0] && name[0] != '.' && !strchr(name, '/') && !strchr(name, '\\');
}

static int load_static_dir(struct theme *t)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/static", t->dir);
    DIR *d = opendir(path);
    if (!d)
        return errno == ENOENT ? 0 : -1;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!plain_name(e->d_name))
            continue;
        char file[4096 + 256];
        snprintf(file, sizeof file, "%s/%s", path, e->d_name);
        struct stat st;
        if (stat(file, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        size_t len;
        char *data = read_file(file, &len);
        if (!data)
            continue;
        add_file(t, e->d_name, (const unsigned char *)data, len);
        free(data);
    }
    closedir(d);
    return 0;
}

/* The inline text of static/style.css and its CSP hash (see theme.h). */
static void make_inline_style(struct theme *t)
{
    int fingerprinted;
    const struct theme_file *f = theme_static(t, "style.css", &fingerprinted);
    struct buf css = BUF_INIT;
    for (size_t i = 0; f && i < f->len; i++) {
        if (f->data[i] == '<' && i + 1 < f->len && f->data[i + 1] == '/')
            buf_puts(&css, "<\\");
        else
            buf_putc(&css, (char)f->data[i]);
    }
    unsigned char hash[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(hash, (const unsigned char *)(css.p ? css.p : ""), css.len);
    char b64[sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES, sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(b64, sizeof b64, hash, sizeof hash, sodium_base64_VARIANT_ORIGINAL);
    struct buf src = BUF_INIT;
    buf_printf(&src, "'sha256-%s'", b64);
    t->inline_style_hash = buf_detach(&src, NULL);
    t->inline_style = css.p ? buf_detach(&css, NULL) : xstrdup("");
}

/*
 * Compiles the template called name now and logs why it fails, naming its file (path: the
 * folder's file, or NULL for the built-in one): "PATH:LINE: what". Returns 0 or -1.
 */
static int check_template(struct theme *t, const char *name, const char *path)
{
    struct buf err = BUF_INIT;
    int rc = tmpl_load(t->templates, name, &err);
    if (rc != TMPL_OK) {
        /* The engine's message starts with the template's name: show the file instead. */
        const char *msg = buf_str(&err);
        size_t n = strlen(name);
        if (strncmp(msg, name, n) == 0 && msg[n] == ':')
            msg += n + 1;
        else
            msg = rc == TMPL_ENOTFOUND ? " cannot be read" : msg;
        if (path)
            log_error("theme: %s:%s", path, msg);
        else
            log_error("theme: built-in templates/%s.mustache:%s", name, msg);
    }
    buf_free(&err);
    return rc == TMPL_OK ? 0 : -1;
}

/* Checks every NAME.mustache under dir/templates/rel (sub-folders give names like "parts/card",
 * as tags do). Returns the number of templates that failed. */
static int check_folder(struct theme *t, const char *rel, int depth)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/templates/%s", t->dir, rel);
    DIR *d = opendir(path);
    if (!d)
        return 0; /* no templates folder: the built-in ones serve */
    int failed = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char file[4096 + 256], name[4096];
        snprintf(file, sizeof file, "%s%s", path, e->d_name);
        struct stat st;
        if (stat(file, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode) && depth < 8) {
            snprintf(name, sizeof name, "%s%s/", rel, e->d_name);
            failed += check_folder(t, name, depth + 1);
            continue;
        }
        size_t len = strlen(e->d_name);
        if (!S_ISREG(st.st_mode) || len <= 9 || strcmp(e->d_name + len - 9, ".mustache") != 0)
            continue;
        snprintf(name, sizeof name, "%s%.*s", rel, (int)(len - 9), e->d_name);
        failed += check_template(t, name, file) != 0;
    }
    closedir(d);
    return failed;
}

/* Compiles every template of the theme, the folder's and the built-in ones it does not
 * replace, so a broken one or one printing a field raw that it may not stops the start. */
static int check_templates(struct theme *t)
{
    int failed = t->dir ? check_folder(t, "", 0) : 0;
    for (size_t i = 0; i < builtin_count; i++) {
        const char *f = builtin_files[i].name;
        size_t len = strlen(f);
        if (strncmp(f, "templates/", 10) != 0 || len <= 19 || strcmp(f + len - 9, ".mustache") != 0)
            continue;
        char name[512], path[4096 + 512];
        snprintf(name, sizeof name, "%.*s", (int)(len - 19), f + 10);
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", t->dir ? t->dir : "", f);
        if (t->dir && stat(path, &st) == 0)
            continue; /* the folder's own file, checked above */
        failed += check_template(t, name, NULL) != 0;
    }
    return failed ? -1 : 0;
}

struct theme *theme_open(const char *dir)
{
    struct theme *t = xcalloc(1, sizeof *t);
    if (dir) {
        struct stat st;
        if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
            log_error("theme %s: not a folder", dir);
            free(t);
            return NULL;
        }
        t->dir = xstrdup(dir);
    }
    for (size_t i = 0; i < builtin_count; i++)
        if (strncmp(builtin_files[i].name, "static/", 7) == 0)
            add_file(t, builtin_files[i].name + 7, builtin_files[i].data, builtin_files[i].len);
    if (t->dir && load_static_dir(t) != 0) {
        log_error("theme %s: cannot read static/: %s", dir, strerror(errno));
        theme_close(t);
        return NULL;
    }
    t->templates = tmpl_set_new(load_template, t);
    make_inline_style(t);
    tmpl_set_allow_raw(t->templates, theme_raw_fields);
    if (check_templates(t) != 0) {
        theme_close(t);
        return NULL;
    }
    return t;
}

void theme_close(struct theme *t)
{
    if (!t)
        return;
    tmpl_set_free(t->templates);
    for (size_t i = 0; i < t->nfiles; i++) {
        free((void *)t->files[i].name);
        free((void *)t->files[i].url);
        free((void *)t->files[i].data);
        for (int c = CODING_GZIP; c < CODINGS; c++)
            free((void *)t->files[i].coded[c].data);
    }
    free(t->files);
    free(t->dir);
    free(t->inline_style);
    free(t->inline_style_hash);
    free(t);
}

struct tmpl_set *theme_templates(struct theme *t)
{
    return t->templates;
}

const struct theme_file *theme_static(struct theme *t, const char *name, int *fingerprinted)
{
    for (size_t i = 0; i < t->nfiles; i++) {
        const struct theme_file *f = &t->files[i];
        if (strcmp(f->url + 8, name) == 0) {
            *fingerprinted = 1;
            return f;
        }
        if (strcmp(f->name, name) == 0) {
            *fingerprinted = 0;
            return f;
        }
    }
    return NULL;
}

json_t *theme_static_urls(struct theme *t)
{
    json_t *urls = json_object();
    for (size_t i = 0; i < t->nfiles; i++) {
        char key[256];
        snprintf(key, sizeof key, "%s", t->files[i].name);
        char *dot = strrchr(key, '.');
        if (dot)
            *dot = 0;
        for (char *p = key; *p; p++)
            if (*p == '.' || *p == '-')
                *p = '_';
        json_object_set_new(urls, key, json_string(t->files[i].url));
    }
    return urls;
}

const char *theme_inline_style(struct theme *t)
{
    return t->inline_style;
}

const char *theme_inline_style_hash(struct theme *t)
{
    return t->inline_style_hash;
}

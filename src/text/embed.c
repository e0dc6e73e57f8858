/* embed.c: recognizing the platforms' addresses and their frames (embed.h). */
#include "text/embed.h"
#include "base/mem.h"
#include "text/escape.h"

#include <string.h>
#include <strings.h>

static const struct {
    const char *key, *name, *origin;
    bool video;
} providers[] = {
    [EMBED_YOUTUBE] = {"youtube", "يوتيوب", "https://www.youtube-nocookie.com", true},
    [EMBED_VIMEO] = {"vimeo", "فيميو", "https://player.vimeo.com", true},
    [EMBED_X] = {"x", "إكس (تويتر)", "https://platform.twitter.com", false},
    [EMBED_FACEBOOK] = {"facebook", "فيسبوك", "https://www.facebook.com", false},
    [EMBED_INSTAGRAM] = {"instagram", "إنستغرام", "https://www.instagram.com", false},
    [EMBED_TIKTOK] = {"tiktok", "تيك توك", "https://www.tiktok.com", false},
};

const char *embed_key(enum embed_provider p)
{
    return providers[p].key;
}

const char *embed_name(enum embed_provider p)
{
    return providers[p].name;
}

const char *embed_origin(enum embed_provider p)
{
    return providers[p].origin;
}

bool embed_is_video(enum embed_provider p)
{
    return providers[p].video;
}

/* The address taken apart: host (lower case, without www. or m.), path (from '/', without the
 * query), query (after '?', without the fragment). */
struct parts {
    char host[64];
    const char *path, *query;
    size_t path_len, query_len;
};

static bool split(const char *url, size_t n, struct parts *p)
{
    size_t skip = n >= 8 && strncasecmp(url, "https://", 8) == 0  ? 8
                  : n >= 7 && strncasecmp(url, "http://", 7) == 0 ? 7
                                                                  : 0;
    if (!skip)
        return false;
    const char *s = url + skip, *end = url + n;
    for (const char *c = url; c < end; c++)
        if ((unsigned char)*c <= 0x20 || *c == '"' || *c == '<' || *c == '>' || *c == '\\')
            return false;
    size_t h = strcspn(s, "/?#");
    if (s + h > end)
        h = (size_t)(end - s);
    if (h == 0 || h >= sizeof p->host)
        return false;
    for (size_t i = 0; i < h; i++)
        p->host[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i]);
    p->host[h] = 0;
    const char *host = p->host;
    if (strncmp(host, "www.", 4) == 0 || strncmp(host, "m.", 2) == 0)
        memmove(p->host, host + (host[0] == 'w' ? 4 : 2), strlen(host) + 1);
    const char *rest = s + h;
    const char *hash = memchr(rest, '#', (size_t)(end - rest));
    if (hash)
        end = hash;
    const char *q = memchr(rest, '?', (size_t)(end - rest));
    p->path = rest;
    p->path_len = (size_t)((q ? q : end) - rest);
    p->query = q ? q + 1 : end;
    p->query_len = q ? (size_t)(end - q - 1) : 0;
    return true;
}

/* The length of the id at s (at most max bytes of letters, digits, '_', '-'; digits only when
 * digits). */
static size_t id_len(const char *s, size_t max, bool digits)
{
    size_t i = 0;
    while (i < max && ((s[i] >= '0' && s[i] <= '9') ||
                       (!digits && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
                                    s[i] == '_' || s[i] == '-'))))
        i++;
    return i;
}

/* The path's segment number k (0 is the first after the leading '/'), or NULL; its length in
 * *len. */
static const char *segment(const struct parts *p, int k, size_t *len)
{
    const char *s = p->path, *end = p->path + p->path_len;
    for (int i = 0; s < end; i++) {
        if (*s == '/')
            s++;
        const char *e = memchr(s, '/', (size_t)(end - s));
        if (!e)
            e = end;
        if (i == k) {
            *len = (size_t)(e - s);
            return *len ? s : NULL;
        }
        s = e;
    }
    return NULL;
}

/* True when segment k is exactly id-shaped (digits only when digits), copying it to id. */
static bool segment_id(const struct parts *p, int k, bool digits, char *id, size_t size)
{
    size_t len;
    const char *s = segment(p, k, &len);
    if (!s || len >= size || id_len(s, len, digits) != len)
        return false;
    memcpy(id, s, len);
    id[len] = 0;
    return true;
}

static bool segment_is(const struct parts *p, int k, const char *want)
{
    size_t len;
    const char *s = segment(p, k, &len);
    return s && len == strlen(want) && memcmp(s, want, len) == 0;
}

/* The value of the query's v= parameter as a YouTube id. */
static bool query_v(const struct parts *p, char *id)
{
    const char *s = p->query, *end = p->query + p->query_len;
    while (s < end) {
        if (end - s > 2 && s[0] == 'v' && s[1] == '=') {
            size_t len = id_len(s + 2, (size_t)(end - s - 2), false);
            if (len != 11)
                return false;
            memcpy(id, s + 2, len);
            id[len] = 0;
            return true;
        }
        const char *amp = memchr(s, '&', (size_t)(end - s));
        s = amp ? amp + 1 : end;
    }
    return false;
}

bool embed_match(const char *url, size_t n, struct embed *e)
{
    struct parts p;
    char id[64];
    e->frame = (struct buf)BUF_INIT;
    if (!split(url, n, &p))
        return false;
    const char *h = p.host;
    if (strcmp(h, "youtube.com") == 0 || strcmp(h, "youtu.be") == 0) {
        bool ok = strcmp(h, "youtu.be") == 0
                      ? segment_id(&p, 0, false, id, sizeof id)
                      : (segment_is(&p, 0, "watch") && query_v(&p, id)) ||
                            ((segment_is(&p, 0, "shorts") || segment_is(&p, 0, "embed") ||
                              segment_is(&p, 0, "live")) &&
                             segment_id(&p, 1, false, id, sizeof id));
        if (!ok || strlen(id) != 11)
            return false;
        e->provider = EMBED_YOUTUBE;
        buf_printf(&e->frame, "https://www.youtube-nocookie.com/embed/%s", id);
        return true;
    }
    if (strcmp(h, "vimeo.com") == 0 && segment_id(&p, 0, true, id, sizeof id)) {
        e->provider = EMBED_VIMEO;
        buf_printf(&e->frame, "https://player.vimeo.com/video/%s", id);
        return true;
    }
    if ((strcmp(h, "x.com") == 0 || strcmp(h, "twitter.com") == 0 ||
         strcmp(h, "mobile.twitter.com") == 0) &&
        segment_is(&p, 1, "status") && segment_id(&p, 2, true, id, sizeof id)) {
        e->provider = EMBED_X;
        buf_printf(&e->frame, "https://platform.twitter.com/embed/Tweet.html?id=%s&lang=ar", id);
        return true;
    }
    if (strcmp(h, "instagram.com") == 0 &&
        (segment_is(&p, 0, "p") || segment_is(&p, 0, "reel") || segment_is(&p, 0, "tv")) &&
        segment_id(&p, 1, false, id, sizeof id)) {
        e->provider = EMBED_INSTAGRAM;
        buf_printf(&e->frame, "https://www.instagram.com/p/%s/embed", id);
        return true;
    }
    if (strcmp(h, "tiktok.com") == 0 && segment_is(&p, 1, "video") &&
        segment_id(&p, 2, true, id, sizeof id)) {
        size_t len;
        const char *user = segment(&p, 0, &len);
        if (!user || user[0] != '@')
            return false;
        e->provider = EMBED_TIKTOK;
        buf_printf(&e->frame, "https://www.tiktok.com/embed/v2/%s", id);
        return true;
    }
    if (strcmp(h, "facebook.com") == 0) {
        /* A post or a video; the plugin takes the address itself, percent-encoded. */
        size_t len;
        bool video = memmem(p.path, p.path_len, "/videos/", 8) || segment_is(&p, 0, "watch") ||
                     segment_is(&p, 0, "reel");
        bool post = memmem(p.path, p.path_len, "/posts/", 7) ||
                    memmem(p.path, p.path_len, "/photos/", 8) ||
                    segment_is(&p, 0, "permalink.php") || segment_is(&p, 0, "story.php");
        if (!(video || post) || !segment(&p, 0, &len))
            return false;
        e->provider = EMBED_FACEBOOK;
        buf_printf(&e->frame,
                   "https://www.facebook.com/plugins/%s.php?href=", video ? "video" : "post");
        esc_url(&e->frame, url, n);
        return true;
    }
    return false;
}

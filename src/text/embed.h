/*
 * embed.h: the addresses of posts and videos on the big platforms (YouTube, Vimeo, X/Twitter,
 * Facebook, Instagram, TikTok) and the frame each would be shown in, for embedding them
 * privately: the article shows a placeholder with the source's name and the link, and only a
 * reader's click loads the platform's frame (text/markdown.c writes the placeholder, the
 * site's script the frame, web/server.c allows that platform's frame origin on that page).
 */
#ifndef SAHIFA_TEXT_EMBED_H
#define SAHIFA_TEXT_EMBED_H

#include "base/buf.h"

#include <stdbool.h>
#include <stddef.h>

enum embed_provider {
    EMBED_YOUTUBE,
    EMBED_VIMEO,
    EMBED_X,
    EMBED_FACEBOOK,
    EMBED_INSTAGRAM,
    EMBED_TIKTOK,
    EMBED_PROVIDERS
};

struct embed {
    enum embed_provider provider;
    struct buf frame; /* the address the frame loads, built from what was recognized only */
};

/* The provider's key ("youtube"), its name for readers («يوتيوب»), the origin its frames come
 * from ("https://www.youtube-nocookie.com"), and whether it shows a video (wide) or a post
 * (tall). */
const char *embed_key(enum embed_provider p);
const char *embed_name(enum embed_provider p);
const char *embed_origin(enum embed_provider p);
bool embed_is_video(enum embed_provider p);

/* True when the n bytes at url are the address of a post or video of a known platform (http or
 * https; the host as the platform writes it, with or without www. or m.): e->provider says
 * which, and e->frame (initialized here; the caller frees it with buf_free) holds the frame's
 * address, made of the parts recognized (ids of letters, digits, '_' and '-'), never of the
 * address as given, except Facebook's, passed percent-encoded as a parameter:
 *   YouTube   youtube.com/watch?v=ID, youtu.be/ID, youtube.com/shorts/ID, …/embed/ID
 *             -> https://www.youtube-nocookie.com/embed/ID
 *   Vimeo     vimeo.com/NUMBER -> https://player.vimeo.com/video/NUMBER
 *   X         x.com/USER/status/NUMBER, twitter.com/… -> platform.twitter.com/embed/Tweet.html
 *   Facebook  facebook.com/…/posts/…, /videos/…, /watch… -> facebook.com/plugins/post.php or
 *             video.php?href=…
 *   Instagram instagram.com/p/CODE, /reel/CODE -> instagram.com/p/CODE/embed
 *   TikTok    tiktok.com/@USER/video/NUMBER -> tiktok.com/embed/v2/NUMBER */
bool embed_match(const char *url, size_t n, struct embed *e);

#endif

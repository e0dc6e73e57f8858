/*
 * comment.h: readers' comments as text: checking what a reader sent, and showing it.
 *
 * Comments are plain text. Shown, they are escaped, their line breaks kept (<br>) and their
 * web addresses linked with rel="nofollow ugc noopener"; nothing else a reader types becomes
 * markup.
 */
#ifndef SAHIFA_TEXT_COMMENT_H
#define SAHIFA_TEXT_COMMENT_H

#include "base/buf.h"

#include <stdbool.h>
#include <stddef.h>

enum {
    COMMENT_TEXT_MIN = 2, /* characters, after trimming */
    COMMENT_TEXT_MAX = 5000,
    COMMENT_NAME_MIN = 1,
    COMMENT_NAME_MAX = 80,
    COMMENT_EMAIL_MAX = 254,
    COMMENT_LINKS_MAX = 3,
};

/* Which field a problem is in, and what to tell the reader (Arabic, static text). */
struct comment_problem {
    const char *field; /* "name", "email", "text" */
    const char *message; /* e.g. «التعليق قصير جدًا: اكتب حرفين على الأقل.» */
};

/*
 * Checks a comment as sent (name, email may be "" or NULL, text), after trimming spaces at both
 * ends of each (the caller stores the trimmed forms: see comment_trim). Returns true when it may
 * be posted; otherwise false with the first problem in *p. Rules: valid UTF-8 everywhere; no
 * control characters (line breaks are allowed in the text only); name 1–80 characters; email
 * empty or one plausible address (something@something.something, no spaces, at most 254
 * bytes); text 2–5,000 characters; at most COMMENT_LINKS_MAX links.
 */
bool comment_check(const char *name, const char *email, const char *text,
                   struct comment_problem *p);

/* The n bytes at s without white space at either end: ASCII spaces, tabs, line breaks, \v and
 * \f, the no-break space, the direction marks LRM and RLM and the byte-order mark (Arabic
 * keyboards insert the marks). Sets *start and returns the new length. */
size_t comment_trim(const char *s, size_t n, size_t *start);

/* Counts the web addresses in the text: http:// and https:// URLs, and www.-addresses. */
int comment_links(const char *text, size_t n);

/* Appends the text as HTML: escaped (esc_html), each line break as <br>, runs of more than two
 * line breaks as two, and every web address as <a href="..." rel="nofollow ugc noopener">
 * (www.example.com gets https:// in the href). Trailing punctuation (.,:;!?، ؟ and closing
 * brackets without a matching opening one) is not part of an address. */
void comment_html(struct buf *out, const char *text, size_t n);

#endif

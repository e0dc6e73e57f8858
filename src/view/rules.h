/*
 * rules.h: the rules an article must meet to be stored, and who may change which article,
 * whoever sends it: the newsroom's editor and the API apply the same ones (rules.c).
 */
#ifndef SAHIFA_VIEW_RULES_H
#define SAHIFA_VIEW_RULES_H

#include "web/req.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct article_in;

/* An article as sent, before the rules: strings are "" when empty, never NULL. */
struct article_fields {
    const char *title, *dek, *body, *slug, *source, *status;
    const char *seo_title, *social_title; /* "": the headline; NULL: kept as stored */
    const char *topics;       /* names separated by commas (Latin or Arabic), as typed */
    int64_t published_at;     /* UTC seconds; 0: none; -1: given but not a time */
    int64_t category, author; /* ids; 0: none (author 0: the user) */
    const int64_t *authors;   /* every byline in order (0s skipped, repeats dropped), or NULL:
                               * author alone */
    size_t nauthors;
    int64_t image;        /* the featured image's id; 0: none; -1: given but not an id */
    bool comments_closed; /* kept as it is */
};

/* The most bylines an article takes. */
enum { VIEW_MAX_AUTHORS = 4 };
/* True when the request's user may give an article this status: draft and review, and every
 * status with CAP_PUBLISH (editors and admins). */
bool view_may_use_status(struct req *r, const char *status);
/* Applies the rules (rules.c's opening comment) to f for r->user: each problem is appended to
 * errors as {"field","message"} (the message in Arabic). *in is filled for store_article_add()
 * or store_article_update() (strings borrowed from f or in the arena), and may be stored only
 * when errors stayed empty. Returns 0, or -1 after view_fail_db() when the database could not
 * tell whether the category and author exist. */
int view_article_check(struct req *r, const struct article_fields *f, struct article_in *in,
                       json_t *errors);
/* The article with that id (store_article_get()) if r->user may edit it (a writer: their own,
 * while a draft or in review; CAP_EDIT: every one); NULL after req_fail() (404, 403, with an
 * Arabic message; view_fail_db() on a database error) otherwise. New reference. */
json_t *view_article_editable(struct req *r, int64_t id);

#endif

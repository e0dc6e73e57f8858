/*
 * render.h: turning a view model into HTML with the site's theme, for the public pages and the
 * newsroom alike.
 */
#ifndef SAHIFA_VIEW_RENDER_H
#define SAHIFA_VIEW_RENDER_H

#include "tmpl/theme.h"
#include "web/req.h"

#include <jansson.h>

/* Sets the theme pages render with (owned by the caller, alive while serving). */
void view_theme_set(struct theme *theme);
/* The theme set by view_theme_set(). */
struct theme *view_theme(void);
/* Renders the template called name with model into r->out (replacing what it held) as
 * text/html. Returns 0, or req_fail()'s -1 with a 500 (logged) when the template fails. Takes
 * the model's reference. */
int view_render(struct req *r, const char *name, json_t *model);

/* Answers with the JSON value (taking its reference), compact and followed by a newline, as
 * application/json, with the status. Returns 0. For the API and the newsroom's scripts. */
int view_json(struct req *r, int status, json_t *value);

#endif

/*
 * admin.h: the newsroom (/admin/...): its handlers, one file per screen, and what they share.
 *
 * Every route here names its requirements in the route table (src/cli/routes.c): a logged-in
 * user, capabilities, the CSRF token on POST; web/server.c checks them before a handler runs.
 * What depends on the object (a writer editing only their own drafts) each handler checks.
 * Forms post, then redirect (303) to a page that says what happened (?done=...), so a reload
 * never posts twice.
 */
#ifndef SAHIFA_ADMIN_ADMIN_H
#define SAHIFA_ADMIN_ADMIN_H

#include "web/req.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* admin.c */

/* A newsroom page's model: site, static, page.title and admin (user, csrf, nav marking
 * `current`, and the notice named by ?done=). New reference. */
json_t *admin_model(struct req *r, const char *title, const char *current);
/* Renders a newsroom template (never cached by browsers or proxies). Takes the model. */
int admin_render(struct req *r, const char *name, json_t *model);
/* 303 to path (a local path, ASCII or not) with ?done=code (or &done= when path has a query). */
int admin_done(struct req *r, const char *path, const char *done);
/* next if it is a path on this site (starting with one '/', no scheme, no backslash, no
 * control characters), else "/admin/". */
const char *admin_local_path(const char *next);
/* Sets "error" in the model's admin object. */
void admin_error(json_t *model, const char *message);
/* A single-line form field without directional controls (bidi_stripped()) and trimmed of
 * spaces at both ends ("" when absent), in the arena. */
const char *admin_field(struct req *r, const char *name);
/* The Arabic label of an article status. */
const char *admin_status_label(const char *status);
/* The options of a status <select>: every article status in the newsroom's order as {value,
 * label, selected (equal to chosen, which may be NULL)}, or with r not NULL only those r's user
 * may give (view_may_use_status()). New reference. */
json_t *admin_status_options(struct req *r, const char *chosen);
/* Replaces an article row's "author" and "category" objects by their names ("" for none). */
void admin_flatten_names(json_t *article);
/* Formats a time for the newsroom («الأحد ٢٩ تشرين الثاني ٢٠٢٦، ١٤:٠٥»), in the arena. */
const char *admin_when(struct req *r, int64_t t);

/* The handlers. */
int admin_login_form(struct req *r);
int admin_login(struct req *r);
int admin_logout(struct req *r);
int admin_dashboard(struct req *r);
int admin_articles(struct req *r);
int admin_editor_new(struct req *r);
int admin_editor_create(struct req *r);
int admin_editor(struct req *r);
int admin_editor_save(struct req *r);
int admin_revisions(struct req *r);
int admin_diff(struct req *r);
int admin_restore(struct req *r);
int admin_categories(struct req *r);
int admin_category_create(struct req *r);
int admin_category_update(struct req *r);
int admin_topics(struct req *r);
int admin_topic_update(struct req *r);
int admin_comments(struct req *r);
int admin_comments_act(struct req *r);
int admin_users(struct req *r);
int admin_user_create(struct req *r);
int admin_user_update(struct req *r);
int admin_account(struct req *r);
int admin_password(struct req *r);
int admin_logout_all(struct req *r);
int admin_media(struct req *r);
int admin_media_upload(struct req *r);
int admin_media_item(struct req *r);
int admin_media_save(struct req *r);
int admin_media_replace(struct req *r);
int admin_media_delete(struct req *r);
int admin_media_use(struct req *r);

/* publish.c: the background job that publishes scheduled articles when their time comes. */
void admin_publish_due(struct db *db, int64_t now);

#endif

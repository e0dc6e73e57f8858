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

#include "view/rules.h"
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
/* Gives each user row ({"name","login","slug"}) a "label": the name, and when another row has
 * the same name, the login (or, for a byline without an account, the slug) after it, so two
 * people of one name can be told apart in a list. Returns users. */
json_t *admin_user_labels(json_t *users);
/* The options of a status <select>: every article status in the newsroom's order as {value,
 * label, selected (equal to chosen, which may be NULL)}, or with r not NULL only those r's user
 * may give (view_may_use_status()). New reference. */
json_t *admin_status_options(struct req *r, const char *chosen);
/* Replaces an article row's "author" and "category" objects by their names ("" for none). */
void admin_flatten_names(json_t *article);
/* «N تعليقًا» with the noun Arabic grammar wants after the number n (one: 1, two: 2, few: 3–10,
 * many: 11 and on, by the last two digits), the digits in the site's style. In the arena. */
const char *admin_counted(struct req *r, int64_t n, const char *one, const char *two,
                          const char *few, const char *many);
/* Formats a time for the newsroom («الأحد ٢٩ تشرين الثاني ٢٠٢٦، ١٤:٠٥»), in the arena. */
const char *admin_when(struct req *r, int64_t t);
/* admin_when() of the time at obj's key. */
const char *admin_when_of(struct req *r, json_t *obj, const char *key);
/* Sets obj's key to: admin_when() of the time at its key from. */
void admin_set_when(struct req *r, json_t *obj, const char *to, const char *from);

/* editor.c: the article form, as sent or as loaded, shared by the editor, the conflict merge
 * (conflict.c) and recovery drafts (recover.c). Strings as the fields show them, never NULL. */
struct article_form {
    const char *title, *dek, *body, *slug, *topics, *source, *published_at, *status;
    const char *seo_title, *social_title;
    const char *image_id; /* the featured image's number in the library, "" for none */
    int64_t category;
    int64_t authors[VIEW_MAX_AUTHORS]; /* the bylines in order, 0 for an empty place */
    int64_t version; /* the article's version the form was loaded from; 0: a new article */
};

/* The form of the request's fields: "author" the first byline, "author_2"… the others (a
 * writer's byline is themselves alone; with no user, the form's own). Strings in the arena. */
struct article_form admin_form_of_request(struct req *r);
/* The form of a stored article (store_article_get()). Strings in the arena. */
struct article_form admin_form_of_article(struct req *r, json_t *a);
/* The form as a JSON object of its fields (what a recovery draft keeps), and back (missing
 * fields empty). New reference; strings of the form from fields are in the arena. */
json_t *admin_form_json(const struct article_form *f);
struct article_form admin_form_of_json(struct req *r, json_t *fields);
/* Renders the editor for article id (0: a new one) with the form f; errors (taken) is a list
 * of {"field","message"} or NULL; extra (taken, may be NULL) is merged into the editor's model
 * (a conflict's "conflict", a recovered draft's "recovered"). */
int admin_editor_show(struct req *r, int64_t id, const struct article_form *f, json_t *errors,
                      json_t *extra);

/* conflict.c: a save made from an older version of an article. Works out the merge of mine
 * (the form as sent) with the article as stored now (current, store_article_get()) against the
 * version mine was made from (a revision, when it is kept): a field only one side changed
 * takes that side's value, one both changed takes mine and is marked. Fills *merged (its
 * version the current one, so saving it is a save over the current version) and returns the
 * editor's "conflict" model: {"who","when","fields":[{"key","label","theirs","mine","merged",
 * "both" (changed on both sides),"took_theirs"}]} for the fields that differ. New reference;
 * NULL after view_fail_db() when the database fails. */
json_t *admin_conflict_merge(struct req *r, int64_t id, const struct article_form *mine,
                             json_t *current, struct article_form *merged);

/* profile.c: author profiles (display name, bio, photo address, links). */

/* The profile form's model for a user row (store_user_get()), the request's fields winning
 * over the stored ones after a refused save: {"action","slug","name","bio","photo_url",
 * "links"}. New reference. */
json_t *admin_profile_model(struct req *r, json_t *user, const char *action);
/* Checks the request's profile fields and stores them for user id, then 303 to done_path; a
 * refused field renders again(r, message) with 422. */
int admin_profile_save(struct req *r, int64_t id, const char *done_path,
                       int (*again)(struct req *r, const char *error));

/* preview.c: what the editor shows beside the text. */

/* A text's word count and reading time (200 words a minute) in Markdown: {"words",
 * "words_text" («٣٤٠ كلمة»), "minutes_text" («دقيقتا قراءة»; "" without words)}. New
 * reference. */
json_t *admin_text_stats(struct req *r, const char *body);
/* The absolute address a slug (or, when it is empty, the title) makes: of article id (kind
 * "article"; id 0 not yet known: "…" in its place) or of a static page (kind "page"). In the
 * arena. */
const char *admin_address(struct req *r, const char *kind, int64_t id, const char *slug,
                          const char *title);

/* recover.c: keeping what was typed. */

/* The server's keep_form hook (web/server.h) for the editor's saves: keeps the form as the
 * recovery draft of the session's user (even an expired session's) and answers 403 with a page
 * that says so, links to logging in again (and back to the editor, where the text is shown)
 * and shows the text itself, so nothing is lost even when the user cannot be told. */
void admin_keep_form(struct req *r, const char *code);

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
int admin_autosave(struct req *r);
int admin_preview(struct req *r);
int admin_corrections_add(struct req *r);
int admin_live_set(struct req *r);
int admin_live_update_add(struct req *r);
int admin_live_update_delete(struct req *r);
int admin_front(struct req *r);
int admin_front_save(struct req *r);
int admin_front_breaking(struct req *r);
int admin_draft_discard(struct req *r);
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
int admin_pages(struct req *r);
int admin_page_new(struct req *r);
int admin_page_edit(struct req *r);
int admin_page_save(struct req *r);
int admin_page_delete(struct req *r);
int admin_settings(struct req *r);
int admin_settings_save(struct req *r);
int admin_account(struct req *r);
int admin_account_profile(struct req *r);
int admin_user_profile(struct req *r);
int admin_user_profile_save(struct req *r);
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

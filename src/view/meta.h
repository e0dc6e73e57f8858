/*
 * meta.h: what a page's <head> says about it besides its title and description: the feeds it
 * links to, and an article's OpenGraph properties and JSON-LD (docs/THEMES.md, "page").
 */
#ifndef SAHIFA_VIEW_META_H
#define SAHIFA_VIEW_META_H

#include "web/req.h"

#include <jansson.h>

/* Appends to page's "feeds" the RSS and Atom links of the feed at path + "/feed" (and
 * "/feed/atom"): path "" and name NULL for the site's feeds, titled with the site's name; a
 * section's path ("/c/politics") and name otherwise, titled «site — name». */
void meta_feeds(struct req *r, json_t *page, const char *path, const char *name);
/* Adds an article page's own metadata to page (a page model's "page", its canonical set):
 * og_type "article", image (absolute, when the article has a usable image_url), "article"
 * {published_time, modified_time, section, tags, author} for OpenGraph and jsonld_escaped, the
 * NewsArticle JSON-LD escaped for a <script> element (esc_json_script()), with its corrections.
 * a is the article model (view_article_model()); it is read, not changed. */
void meta_article(struct req *r, json_t *page, json_t *a);

#endif

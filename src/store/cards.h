/*
 * cards.h: the columns of an article as lists show it (a card: store_articles_latest()), for
 * store/ files only, so every list reads the same shape from one SELECT.
 */
#ifndef SAHIFA_STORE_CARDS_H
#define SAHIFA_STORE_CARDS_H

/* An article's featured image as the nested object "image" (null without one). */
#define IMAGE_COLUMNS                                                                              \
    "  m.id AS \"image.id\", m.hash AS \"image.hash\", m.width AS \"image.width\","                \
    "  m.height AS \"image.height\", m.widths AS \"image.widths\", m.alt AS \"image.alt\","        \
    "  m.caption AS \"image.caption\", m.credit AS \"image.credit\","                              \
    "  m.focal_x AS \"image.focal_x\", m.focal_y AS \"image.focal_y\""

/* Selects a card's columns from articles a with its category, author and featured image; a
 * statement goes on with JOINs of its own, WHERE, ORDER BY. */
#define CARD_COLUMNS                                                                               \
    "SELECT a.id, a.slug, a.title, a.dek, a.published_at,"                                         \
    "  c.id AS \"category.id\", c.slug AS \"category.slug\", c.name AS \"category.name\","         \
    "  u.id AS \"author.id\", u.slug AS \"author.slug\", u.name AS \"author.name\"," IMAGE_COLUMNS \
    " FROM articles a"                                                                             \
    " LEFT JOIN categories c ON c.id = a.category_id"                                              \
    " LEFT JOIN users u ON u.id = a.author_id"                                                     \
    " LEFT JOIN media m ON m.id = a.image_id"

/* Adds to each card of cards (arrays of rows with "id") its "authors": [{"id","slug","name"}] in
 * byline order. One small statement a card, cached: lists are pages of tens. DB_OK or the
 * error. */
#include <jansson.h>
struct db;
int store_cards_authors(struct db *db, json_t *cards);

/* An article that readers see at :now. */
#define CARD_LIVE "a.status = 'published' AND a.published_at <= :now"

#endif

/*
 * cards.h: the columns of an article as lists show it (a card: store_articles_latest()), for
 * store/ files only, so every list reads the same shape from one SELECT.
 */
#ifndef SAHIFA_STORE_CARDS_H
#define SAHIFA_STORE_CARDS_H

/* Selects a card's columns from articles a with its category and author; a statement goes on
 * with WHERE, JOINs of its own, ORDER BY. */
#define CARD_COLUMNS                                                                               \
    "SELECT a.id, a.slug, a.title, a.dek, a.published_at,"                                         \
    "  c.id AS \"category.id\", c.slug AS \"category.slug\", c.name AS \"category.name\","         \
    "  u.id AS \"author.id\", u.slug AS \"author.slug\", u.name AS \"author.name\""                \
    " FROM articles a"                                                                             \
    " LEFT JOIN categories c ON c.id = a.category_id"                                              \
    " LEFT JOIN users u ON u.id = a.author_id"

/* Adds to each card of cards (arrays of rows with "id") its "authors": [{"id","slug","name"}] in
 * byline order. One small statement a card, cached: lists are pages of tens. DB_OK or the
 * error. */
#include <jansson.h>
struct db;
int store_cards_authors(struct db *db, json_t *cards);

/* An article that readers see at :now. */
#define CARD_LIVE "a.status = 'published' AND a.published_at <= :now"

#endif

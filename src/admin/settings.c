/*
 * settings.c: /admin/settings, for admins: every setting of docs/OPERATIONS.md (but the secret
 * that signs forms), in sections, each checked by the rule the site applies (site_check()).
 * Saving stores them all in one transaction and applies them at once, in this process and,
 * within seconds, in every other (site_refresh()); the content generation moves on, so no
 * cached page keeps the old name, dates or digits.
 */
#include "admin/admin.h"
#include "view/site.h"

#include <string.h>

static const struct {
    const char *key, *title;
} groups[] = {
    {"site", "الموقع"},        {"dates", "التاريخ والأرقام"}, {"lists", "القوائم والخلاصات"},
    {"comments", "التعليقات"}, {"live", "التغطية المباشرة"},  {"newsroom", "غرفة الأخبار"},
    {"media", "الصور"},        {"api", "الواجهة البرمجية"},   {"cache", "التخزين المؤقت"},
};

/* The screen: the sections with their fields, valued from values (the current settings, or
 * what was sent), with errors ({key: message}) beside the fields at fault. */
static int settings_page(struct req *r, json_t *values, json_t *errors)
{
    json_t *sections = json_array();
    for (size_t g = 0; g < sizeof groups / sizeof *groups; g++) {
        json_t *fields = json_array();
        for (size_t i = 0; i < site_settings_count; i++) {
            const struct site_setting *s = &site_settings[i];
            if (strcmp(s->group, groups[g].key) != 0)
                continue;
            const char *value = json_string_value(json_object_get(values, s->key));
            json_t *f = json_pack("{s:s, s:s, s:s, s:s?}", "key", s->key, "label", s->label,
                                  "value", value ? value : "", "help", s->help);
            /* Each field is one of a text area, a select, or an input. */
            if (s->kind == SITE_TEXT) {
                json_object_set_new(f, "textarea", json_true());
            } else if (s->choices) {
                json_t *options = json_array();
                for (const struct site_choice *c = s->choices; c->value; c++)
                    json_array_append_new(
                        options, json_pack("{s:s, s:s, s:b}", "value", c->value, "label", c->label,
                                           "selected", value && strcmp(value, c->value) == 0));
                json_object_set_new(f, "select", json_pack("{s:o}", "options", options));
            } else {
                bool number = s->kind == SITE_NUMBER;
                /* Numbers in a text input that asks for digits: a refused value is shown back
                 * as it was typed, which a number input could not hold. */
                json_t *input = json_pack("{s:b, s:b}", "number", number, "ltr",
                                          s->kind == SITE_ORIGIN || s->kind == SITE_LINK ||
                                              s->kind == SITE_CORS || s->kind == SITE_ZONE);
                json_object_set_new(f, "input", input);
            }
            json_t *error = json_object_get(errors, s->key);
            if (error)
                json_object_set(f, "error", error);
            json_array_append_new(fields, f);
        }
        json_array_append_new(sections, json_pack("{s:s, s:s, s:o}", "key", groups[g].key, "title",
                                                  groups[g].title, "fields", fields));
    }
    json_t *m = admin_model(r, "إعدادات الموقع", "settings");
    json_object_set_new(m, "settings",
                        json_pack("{s:o, s:s}", "sections", sections, "action", "/admin/settings"));
    if (json_object_size(errors))
        admin_error(m, "لم تُحفظ الإعدادات: صحّح الحقول المشار إليها.");
    return admin_render(r, "admin-settings", m);
}

int admin_settings(struct req *r)
{
    return settings_page(r, site_get()->settings, NULL);
}

int admin_settings_save(struct req *r)
{
    json_t *values = json_object(), *errors = json_object();
    for (size_t i = 0; i < site_settings_count; i++) {
        const struct site_setting *s = &site_settings[i];
        /* Lines are trimmed; a text area keeps its lines as typed, but for its ends. */
        const char *v = admin_field(r, s->key);
        const char *problem = site_check(s, v);
        if (problem)
            json_object_set_new(errors, s->key, json_string(problem));
        json_object_set_new(values, s->key, json_string(v));
    }
    int rc = 0;
    if (json_object_size(errors)) {
        r->status = 422;
        rc = settings_page(r, values, errors);
    } else if (site_save(r->db, values) != 0) {
        rc = req_fail(r, 500, "save_failed", "تعذّر حفظ الإعدادات. لم يتغيّر شيء.");
    } else {
        rc = admin_done(r, "/admin/settings", "settings_saved");
    }
    json_decref(values);
    json_decref(errors);
    return rc;
}

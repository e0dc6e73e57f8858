/* admin.c: what every newsroom screen shares (see admin.h). */
#include "admin/admin.h"
#include "store/store.h"
#include "text/ardate.h"
#include "text/bidi.h"
#include "text/comment.h"
#include "text/escape.h"
#include "view/render.h"
#include "view/dates.h"
#include "view/rules.h"
#include "view/site.h"
#include "view/url.h"
#include "web/auth.h"

#include <string.h>

static const struct {
    const char *key, *label, *url;
    unsigned caps;
} nav[] = {
    {"dashboard", "لوحة التحكم", "/admin/", 0},
    {"articles", "المقالات", "/admin/articles", CAP_WRITE},
    {"new", "مقال جديد", "/admin/articles/new", CAP_WRITE},
    {"front", "الصفحة الأولى", "/admin/front", CAP_PUBLISH},
    {"pages", "صفحات الموقع", "/admin/pages", CAP_PUBLISH},
    {"media", "مكتبة الصور", "/admin/media", CAP_MEDIA},
    {"comments", "التعليقات", "/admin/comments", CAP_MODERATE},
    {"categories", "الأقسام", "/admin/categories", CAP_TAXONOMY},
    {"topics", "المواضيع", "/admin/topics", CAP_TAXONOMY},
    {"users", "المستخدمون", "/admin/users", CAP_USERS},
    {"settings", "الإعدادات", "/admin/settings", CAP_USERS},
    {"account", "حسابي", "/admin/account", 0},
};

/* What ?done= says once a form has done its work. */
static const struct {
    const char *code, *text;
} notices[] = {
    {"saved", "حُفظ المقال."},
    {"created", "أُنشئ المقال."},
    {"draft_discarded", "حُذف النص غير المحفوظ."},
    {"corrected", "أُضيف التصحيح، ويظهر على صفحة المقال بوقته."},
    {"live_started", "صار المقال تغطية مباشرة: أضف التحديثات من هنا."},
    {"live_stopped", "انتهت التغطية المباشرة، وبقيت تحديثاتها على الصفحة."},
    {"live_updated", "نُشر التحديث، ويظهر للقرّاء دون أن يعيدوا تحميل الصفحة."},
    {"live_update_deleted", "حُذف التحديث."},
    {"front_saved", "حُفظت الصفحة الأولى."},
    {"breaking_started", "بدأ الخبر العاجل، ويظهر في شريط «عاجل» على كل الصفحات."},
    {"breaking_stopped", "أُوقف الخبر العاجل."},
    {"restored", "استُعيدت النسخة، وحُفظ ما كان قبلها نسخةً أخرى."},
    {"category_created", "أُضيف القسم."},
    {"category_saved", "حُفظ القسم."},
    {"moved", "تغيّر ترتيب الأقسام."},
    {"category_merged", "حُذف القسم، وانتقلت مقالاته ورابطه إلى القسم المختار."},
    {"topic_saved", "حُفظ الموضوع."},
    {"merged", "دُمج الموضوع."},
    {"moderated", "نُفّذ الإجراء على التعليقات المختارة."},
    {"approved", "اعتُمد %s، ويظهر على الموقع."},
    {"rejected", "رُفض %s، ولم يعد يظهر."},
    {"marked_spam", "عُلّم %s مزعجًا."},
    {"deleted", "حُذف %s نهائيًا، مع الردود عليه."},
    {"nothing_chosen", "لم تختر أي تعليق."},
    {"user_created", "أُضيف المستخدم."},
    {"user_saved", "حُفظ المستخدم."},
    {"password", "تغيّرت كلمة المرور، وخرجتَ من الأجهزة الأخرى."},
    {"page_saved", "حُفظت الصفحة، وهي على الموقع الآن."},
    {"page_deleted", "حُذفت الصفحة."},
    {"settings_saved", "حُفظت الإعدادات، وصارت نافذة."},
    {"profile_saved", "حُفظ الملف الشخصي، ويظهر على المقالات وصفحة الكاتب."},
    {"media_uploaded", "رُفعت الصورة وصُنعت مقاساتها."},
    {"media_existed", "هذه الصورة نفسها في المكتبة من قبل: هذه هي."},
    {"media_saved", "حُفظت بيانات الصورة."},
    {"media_replaced", "استُبدلت الصورة، وبقيت كلماتها والمقالات التي تستعملها."},
    {"media_deleted", "حُذفت الصورة من المكتبة."},
    {"image_set", "صارت الصورة الصورة الرئيسية للمقال."},
};

json_t *admin_model(struct req *r, const char *title, const char *current)
{
    const struct site *s = site_get();
    json_t *m = json_object();
    json_object_set_new(m, "site", json_pack("{s:s}", "name", s->name));
    json_object_set_new(m, "page", json_pack("{s:s}", "title", title));
    json_object_set_new(m, "static", theme_static_urls(view_theme()));
    if (!r->user)
        return m;
    json_t *items = json_array();
    for (size_t i = 0; i < sizeof nav / sizeof *nav; i++) {
        if ((r->user->caps & nav[i].caps) != nav[i].caps)
            continue;
        json_array_append_new(items,
                              json_pack("{s:s, s:s, s:b}", "label", nav[i].label, "url", nav[i].url,
                                        "current", current && strcmp(current, nav[i].key) == 0));
    }
    json_t *admin = json_pack("{s:{s:s, s:s, s:s, s:s}, s:s, s:o}", "user", "name", r->user->name,
                              "login", r->user->login, "role", r->user->role, "role_label",
                              auth_role_label(r->user->role), "csrf", r->user->csrf, "nav", items);
    const char *done = req_query(r, "done");
    for (size_t i = 0; done && i < sizeof notices / sizeof *notices; i++) {
        if (strcmp(done, notices[i].code) != 0)
            continue;
        /* A notice of how many things an action touched says it with their count (?n=). */
        const char *text = notices[i].text;
        if (strstr(text, "%s")) {
            int64_t n = view_parse_id(req_query(r, "n"));
            text = arena_printf(
                &r->arena, text,
                n ? admin_counted(r, n, "تعليق واحد", "تعليقان", "تعليقات", "تعليقًا") : "لا تعليق");
        }
        json_object_set_new(admin, "notice", json_string(text));
    }
    json_object_set_new(m, "admin", admin);
    return m;
}

void admin_error(json_t *model, const char *message)
{
    json_t *admin = json_object_get(model, "admin");
    if (admin)
        json_object_set_new(admin, "error", json_string(message));
}

int admin_render(struct req *r, const char *name, json_t *model)
{
    req_add_header(r, "Cache-Control", "no-store");
    int status = r->status;
    int rc = view_render(r, name, model);
    if (rc == 0)
        r->status = status;
    return rc;
}

/* Appends a local path for a Location header: bytes outside printable ASCII percent-encoded
 * (an Arabic slug stays a valid URL). */
static void put_location(struct buf *b, const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (*p > 0x20 && *p < 0x7f) {
            buf_putc(b, (char)*p);
        } else {
            char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            buf_append(b, e, 3);
        }
    }
}

int admin_done(struct req *r, const char *path, const char *done)
{
    struct buf b = BUF_INIT;
    put_location(&b, path);
    if (done)
        buf_printf(&b, "%sdone=%s", strchr(path, '?') ? "&" : "?", done);
    const char *location = arena_strdup(&r->arena, buf_str(&b));
    buf_free(&b);
    return req_redirect(r, 303, location);
}

const char *admin_local_path(const char *next)
{
    if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' || strchr(next, '\\'))
        return "/admin/";
    for (const unsigned char *p = (const unsigned char *)next; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return "/admin/";
    return next;
}

const char *admin_field(struct req *r, const char *name)
{
    const char *v = bidi_stripped(&r->arena, req_form(r, name));
    if (!v)
        return "";
    size_t start, n = comment_trim(v, strlen(v), &start);
    return arena_strndup(&r->arena, v + start, n);
}

const char *admin_status_label(const char *status)
{
    static const struct {
        const char *status, *label;
    } labels[] = {
        {"draft", "مسودة"},     {"review", "بانتظار المراجعة"}, {"scheduled", "مجدول"},
        {"published", "منشور"}, {"unpublished", "أُلغي نشره"},
    };
    for (size_t i = 0; status && i < sizeof labels / sizeof *labels; i++)
        if (strcmp(labels[i].status, status) == 0)
            return labels[i].label;
    return status ? status : "";
}

const char *admin_counted(struct req *r, int64_t n, const char *one, const char *two,
                          const char *few, const char *many)
{
    if (n == 1)
        return one;
    if (n == 2)
        return two;
    json_t *digits = view_number(n);
    const char *s = arena_printf(&r->arena, "%s %s", json_string_value(digits),
                                 n % 100 >= 3 && n % 100 <= 10 ? few : many);
    json_decref(digits);
    return s;
}

const char *admin_when_of(struct req *r, json_t *obj, const char *key)
{
    return admin_when(r, json_integer_value(json_object_get(obj, key)));
}

void admin_set_when(struct req *r, json_t *obj, const char *to, const char *from)
{
    json_object_set_new(obj, to, json_string(admin_when_of(r, obj, from)));
}

json_t *admin_status_options(struct req *r, const char *chosen)
{
    json_t *options = json_array();
    for (size_t i = 0; store_article_statuses[i]; i++) {
        const char *status = store_article_statuses[i];
        if (r && !view_may_use_status(r, status))
            continue;
        json_array_append_new(options, json_pack("{s:s, s:s, s:b}", "value", status, "label",
                                                 admin_status_label(status), "selected",
                                                 chosen && strcmp(chosen, status) == 0));
    }
    return options;
}

const char *admin_when(struct req *r, int64_t t)
{
    struct buf b = BUF_INIT;
    ar_datetime(&b, t, &site_get()->date);
    const char *s = arena_strdup(&r->arena, buf_str(&b));
    buf_free(&b);
    return s;
}

json_t *admin_user_labels(json_t *users)
{
    size_t i, k;
    json_t *u, *v;
    json_array_foreach(users, i, u) {
        json_t *name = json_object_get(u, "name");
        bool shared = false;
        json_array_foreach(users, k, v) {
            shared |= k != i && json_equal(json_object_get(v, "name"), name);
        }
        json_t *login = json_object_get(u, "login");
        const char *who =
            json_string_value(json_is_string(login) ? login : json_object_get(u, "slug"));
        json_object_set_new(u, "label",
                            shared
                                ? json_sprintf("%s (%s)", json_string_value(name), who ? who : "")
                                : json_incref(name));
    }
    return users;
}

void admin_flatten_names(json_t *article)
{
    static const char *const keys[] = {"author", "category"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        const char *name =
            json_string_value(json_object_get(json_object_get(article, keys[i]), "name"));
        json_object_set_new(article, keys[i], json_string(name ? name : ""));
    }
}

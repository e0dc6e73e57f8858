#!/bin/sh
# check-layers.sh [SRC]: refuses an #include that goes against the layers (docs/ARCHITECTURE.md):
#
#   base <- text <- tmpl, store <- media, web <- view <- pages, admin, api <- cli; import beside,
#   for cli
#
# A folder under src/ may include its own headers and those of the layers below it, never one
# above; pages, admin and api stand side by side and include none of one another (what two of
# them need lives in view). Run by make before anything is compiled.
set -eu
src=${1:-src}

# The folders each folder may include besides itself.
below() {
    case $1 in
    base) echo "" ;;
    text) echo "base" ;;
    tmpl) echo "base text" ;;
    store) echo "base text" ;;
    media) echo "base text store" ;;
    web) echo "base text tmpl store" ;;
    view) echo "base text tmpl store web media" ;;
    pages | admin | api) echo "base text tmpl store web view media" ;;
    import) echo "base text store media" ;;
    cli) echo "base text tmpl store web view pages admin api import media" ;;
    *) echo "?" ;;
    esac
}

status=0
for dir in "$src"/*/; do
    layer=$(basename "$dir")
    allowed=$(below "$layer")
    if [ "$allowed" = "?" ]; then
        echo "$dir: a folder no layer names; add it to scripts/check-layers.sh and" \
            "docs/ARCHITECTURE.md" >&2
        status=1
        continue
    fi
    for f in "$dir"*.c "$dir"*.h; do
        [ -e "$f" ] || continue
        # Every quoted include that names a folder: "folder/file.h".
        hits=$(grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"[^"/]*/' "$f" || true)
        [ -n "$hits" ] || continue
        printf '%s\n' "$hits" | {
            bad=0
            while IFS= read -r hit; do
                line=${hit%%:*}
                to=$(printf '%s' "$hit" | sed 's/^[^"]*"\([^"/]*\)\/.*/\1/')
                ok=0
                [ "$to" = "$layer" ] && ok=1
                for a in $allowed; do [ "$to" = "$a" ] && ok=1; done
                if [ $ok = 0 ]; then
                    echo "$f:$line: $layer/ may not include $to/ (layers: docs/ARCHITECTURE.md)" >&2
                    bad=1
                fi
            done
            exit $bad
        } || status=1
    done
done
exit $status

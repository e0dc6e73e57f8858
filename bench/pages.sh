#!/bin/sh
# bench/pages.sh [SECONDS]: sahifa's public pages beside nginx, in one run on this machine.
#
# For each site (the demo site, then one of 100,000 articles made from ../shared/data/news,
# imported and repeated; skipped with a line when the corpus is absent), wrk loads, one after
# the other, with 64 connections (BENCH_CONNECTIONS=N for another number: latency is measured
# best with few, since with many each request waits behind the others on 2 cores) for SECONDS
# (default 10) each and Accept-Encoding: gzip:
#   - nginx sending the byte-identical article page as a file, gzip on (compressed per request,
#     as nginx does by default), and the same with gzip_static (compressed once, ahead);
#   - sahifa's article page, home page, a category page, the RSS feed and an API list;
#   - and, for the raw limit, nginx and sahifa sending the article page uncompressed;
# and prints requests/s, p50 and p99 latency and each rate's ratio to nginx (gzip on) and to
# nginx (gzip_static). Then it publishes an article through the API and says whether the very
# next request for the home page shows it.
#
# Keep the 100,000-article database outside the repository: BENCH_DATA=DIR keeps it there
# between runs (made when missing); by default it is made in a temporary folder and removed.
# Load only on 127.0.0.1; every process started here is stopped by its PID.
set -eu
cd "$(dirname "$0")/.."
secs=${1:-10}
conns=${BENCH_CONNECTIONS:-64}
scripts/deps.sh --bench
make -s sahifa

dir=$(mktemp -d)
# nginx's workers run as another user when it is started as root: they must reach the page's
# file, or every answer they give is a 403 and the figure is a 403's.
chmod 755 "$dir"
sahifa_pid="" nginx_pid=""
stop() {
    [ -n "$sahifa_pid" ] && kill "$sahifa_pid" 2>/dev/null && wait "$sahifa_pid" 2>/dev/null || true
    [ -f "$dir/nginx.pid" ] && kill "$(cat "$dir/nginx.pid")" 2>/dev/null || true
    sahifa_pid=""
    rm -f "$dir/nginx.pid"
}
cleanup() {
    stop
    rm -rf "$dir"
}
trap cleanup EXIT

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# wrk's summary as "req/s p50_ms p99_ms", for a URL asked with Accept-Encoding: gzip, or
# without compression when the URL is written "identity:URL". A run with any answer but a 2xx
# or 3xx, or with socket errors, is no figure: the script stops there, saying so.
load() {
    coding=gzip url=$1
    case $url in identity:*) coding=identity url=${url#identity:} ;; esac
    wrk -t2 -c"$conns" -d"${secs}s" --latency -H "Accept-Encoding: $coding" "$url" >"$dir/wrk.out"
    if grep -q 'Non-2xx\|Socket errors' "$dir/wrk.out"; then
        echo "$url: $(grep 'Non-2xx\|Socket errors' "$dir/wrk.out" | tr -s ' ')" >&2
        exit 1
    fi
    awk '
        function ms(v) {
            if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000
            return v
        }
        /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /^Requests\/sec/ { rps = int($2) }
        END { printf "%d %.2f %.2f\n", rps, p50, p99 }' "$dir/wrk.out"
}

# Stops the script unless URL answers 200 with exactly the bytes of FILE, decoded from gzip
# when asked with CODING gzip: so nginx is measured sending the page, not an error.
same_page() {
    url=$1 coding=$2 file=$3
    code=$(curl -s -o "$dir/check" -w '%{http_code}' -H "Accept-Encoding: $coding" "$url")
    [ "$coding" = gzip ] && { gzip -dc <"$dir/check" >"$dir/check.plain" 2>/dev/null || cp "$dir/check" "$dir/check.plain"; } \
        || cp "$dir/check" "$dir/check.plain"
    if [ "$code" != 200 ] || ! cmp -s "$dir/check.plain" "$file"; then
        echo "$url ($coding): status $code, not the article page's bytes: no figure" >&2
        exit 1
    fi
}

# The 100,000-article JSON Lines: the corpus's articles with a title, repeated, each copy with
# its own key and its copy number after its title.
make_corpus() {
    python3 - "$1" ../shared/data/news <<'PY'
import glob, gzip, json, sys
out = gzip.open(sys.argv[1], "wt", encoding="utf-8", compresslevel=1)
articles = []
for path in sorted(glob.glob(sys.argv[2] + "/*.jsonl*")):
    with (gzip.open if path.endswith(".gz") else open)(path, "rt", encoding="utf-8") as f:
        for line in f:
            try:
                a = json.loads(line)
            except ValueError:
                continue
            if isinstance(a, dict) and a.get("title") and a.get("body"):
                articles.append(a)
n = 0
copy = 0
while n < 100000:
    for a in articles:
        if n == 100000:
            break
        b = dict(a)
        b["key"] = "bench-%d:%s" % (copy, a.get("url") or a.get("id") or n)
        b.pop("url", None)
        if copy:
            b["title"] = "%s (%d)" % (a["title"], copy + 1)
        out.write(json.dumps(b, ensure_ascii=False) + "\n")
        n += 1
    copy += 1
out.close()
PY
}

bench_site() {
    name=$1 db=$2
    ./sahifa serve --db "$db" --listen 127.0.0.1:0 --access-log off 2>"$dir/err" &
    sahifa_pid=$!
    while ! grep -q '^listening on' "$dir/err"; do sleep 0.1; done
    base=$(head -1 "$dir/err" | sed 's/^listening on //')
    id=$(sqlite3 "$db" "SELECT id FROM articles WHERE status = 'published' ORDER BY published_at DESC LIMIT 1")
    article=$(curl -s -o /dev/null -w '%{redirect_url}' "$base/a/$id" | sed "s|^$base||")
    category=$(sqlite3 "$db" "SELECT slug FROM categories c WHERE EXISTS (SELECT 1 FROM articles a
        WHERE a.category_id = c.id AND a.status = 'published') ORDER BY position, id LIMIT 1")

    # nginx serves the very bytes of that article page.
    rm -rf "$dir/www" "$dir/logs"
    mkdir -p "$dir/www" "$dir/logs"
    curl -s "$base$article" >"$dir/www/article.html"
    gzip -9 -k "$dir/www/article.html"
    port=$(free_port)
    cat >"$dir/nginx.conf" <<CONF
worker_processes 2;
pid $dir/nginx.pid;
error_log $dir/logs/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    default_type text/html;
    server {
        listen 127.0.0.1:$port;
        root $dir/www;
        location /gzip { gzip on; try_files /article.html =404; }
        location /static { gzip_static on; try_files /article.html =404; }
    }
}
CONF
    nginx -c "$dir/nginx.conf" -p "$dir" -e "$dir/logs/error.log"
    sleep 0.3
    for url in "/gzip" "/static"; do
        same_page "http://127.0.0.1:$port$url" gzip "$dir/www/article.html"
    done
    same_page "http://127.0.0.1:$port/gzip" identity "$dir/www/article.html"
    same_page "$base$article" gzip "$dir/www/article.html"
    # Every sahifa page once before the load, as a reader would have asked for it.
    for path in "$article" / "/c/$category" /feed /api/v1/articles; do
        curl -s -o /dev/null -H 'Accept-Encoding: gzip' "$base$path"
    done

    echo "== $name: $(sqlite3 "$db" "SELECT count(*) FROM articles WHERE status = 'published'") published articles; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
    printf 'article page: %s bytes, %s gzip-compressed\n' "$(wc -c <"$dir/www/article.html")" \
        "$(curl -s -H 'Accept-Encoding: gzip' "$base$article" | wc -c)"
    set -- \
        "nginx, the article page as a file, gzip on" "http://127.0.0.1:$port/gzip" \
        "nginx, the same, gzip_static" "http://127.0.0.1:$port/static" \
        "sahifa, article page" "$base$article" \
        "sahifa, home page" "$base/" \
        "sahifa, category page" "$base/c/$category" \
        "sahifa, RSS feed" "$base/feed" \
        "sahifa, API list" "$base/api/v1/articles" \
        "nginx, the article page, not compressed" "identity:http://127.0.0.1:$port/gzip" \
        "sahifa, article page, not compressed" "identity:$base$article"
    printf '%-44s %9s %8s %8s %10s %12s\n' "what" "req/s" "p50 ms" "p99 ms" "/ nginx" "/ gzip_static"
    ngx=0 ngs=0
    while [ $# -gt 0 ]; do
        r=$(load "$2")
        rps=${r%% *}
        [ "$ngx" = 0 ] && ngx=$rps || { [ "$ngs" = 0 ] && ngs=$rps; }
        echo "$1 $r $ngx $ngs" | awk '{
            n = NF; ngs = $n; ngx = $(n-1); p99 = $(n-2); p50 = $(n-3); rps = $(n-4)
            what = $1; for (i = 2; i <= n - 5; i++) what = what " " $i
            printf "%-44s %9d %8.2f %8.2f %10.2f %12.2f\n", what, rps, p50, p99, rps / ngx,
                ngs ? rps / ngs : 1 }'
        shift 2
    done
    metrics=$(curl -s "$base/metrics")
    echo "$metrics" | awk '/^sahifa_cache_lookups_total/ { split($1, k, "\""); printf "cache %s: %s  ", k[2], $2 }
        /^sahifa_cache_bytes / { printf "bytes: %s\n", $2 }'

    # A freshly published article on the home page at the very next request.
    ./sahifa user add bench --role editor --name bench --db "$db" >/dev/null 2>&1 <<PW || true
a-long-password-for-the-bench
PW
    token=$(./sahifa token create --user bench --scope articles:write --db "$db" 2>/dev/null)
    title="خبر عاجل نشر للتو $(date +%s%N)"
    curl -s -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
        -d "{\"title\":\"$title\",\"body\":\"نص الخبر.\",\"status\":\"published\"}" "$base/api/v1/articles"
    if curl -s "$base/" | grep -q "$title"; then
        echo "a freshly published article is on the home page at the next request: yes"
    else
        echo "a freshly published article is on the home page at the next request: NO"
    fi
    stop
}

./sahifa init --db "$dir/demo.db" --demo >/dev/null 2>&1
bench_site "demo site" "$dir/demo.db"

if ! ls ../shared/data/news/*.jsonl* >/dev/null 2>&1; then
    echo "== 100,000 articles: skipped: no JSON Lines under ../shared/data/news"
    exit 0
fi
data=${BENCH_DATA:-$dir}
mkdir -p "$data"
big="$data/pages-100k.db"
if [ ! -f "$big" ]; then
    make_corpus "$dir/corpus.jsonl.gz"
    ./sahifa init --db "$big.tmp" --demo >/dev/null 2>&1
    ./sahifa import --db "$big.tmp" "$dir/corpus.jsonl.gz" 2>"$dir/import.log" >/dev/null || true
    tail -1 "$dir/import.log"
    sqlite3 "$big.tmp" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
    mv "$big.tmp" "$big"
    rm -rf "$big.tmp-wal" "$big.tmp-shm" "$big.tmp-media" "$dir/corpus.jsonl.gz"
fi
cp "$big" "$dir/big.db"
bench_site "100,000 articles" "$dir/big.db"

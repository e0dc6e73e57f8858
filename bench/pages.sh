#!/bin/sh
# bench/pages.sh [SECONDS]: requests per second for sahifa's article and home pages beside nginx
# sending the same article page as a static file, in one run on this machine, with the ratio.
# Load only on 127.0.0.1; every process started here is stopped by its PID.
set -eu
cd "$(dirname "$0")/.."
secs=${1:-5}
scripts/deps.sh --bench
make -s sahifa

dir=$(mktemp -d)
cleanup() {
    [ -n "${sahifa_pid:-}" ] && kill "$sahifa_pid" 2>/dev/null || true
    [ -f "$dir/nginx.pid" ] && kill "$(cat "$dir/nginx.pid")" 2>/dev/null || true
    rm -rf "$dir"
}
trap cleanup EXIT

./sahifa init --db "$dir/site.db" --demo >/dev/null 2>&1
./sahifa serve --db "$dir/site.db" --listen 127.0.0.1:0 --access-log off 2>"$dir/err" &
sahifa_pid=$!
while ! grep -q '^listening on' "$dir/err"; do sleep 0.1; done
base=$(head -1 "$dir/err" | sed 's/^listening on //')
article=$(sqlite3 "$dir/site.db" "SELECT '/a/' || id FROM articles ORDER BY published_at DESC LIMIT 1")
# The canonical URL (the short one redirects).
article=$(curl -s -o /dev/null -w '%{redirect_url}' "$base$article" | sed "s|^$base||")

# nginx serves the very bytes of that article page.
mkdir -p "$dir/www" "$dir/logs"
curl -s "$base$article" > "$dir/www/article.html"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$dir/nginx.conf" <<CONF
worker_processes 2;
pid $dir/nginx.pid;
error_log $dir/logs/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    server {
        listen 127.0.0.1:$port;
        root $dir/www;
        location / { try_files /article.html =404; default_type text/html; }
    }
}
CONF
nginx -c "$dir/nginx.conf" -p "$dir" -e "$dir/logs/error.log"
sleep 0.3

rps() { wrk -t2 -c50 -d"${secs}s" --latency "$1" | awk '/^Requests\/sec/ {print int($2)}'; }
nginx_rps=$(rps "http://127.0.0.1:$port/")
article_rps=$(rps "$base$article")
home_rps=$(rps "$base/")
printf 'bytes of the article page: %s\n' "$(wc -c < "$dir/www/article.html")"
printf '%-34s %10s req/s\n' "nginx, the same page as a file" "$nginx_rps" \
    "sahifa, article page" "$article_rps" "sahifa, home page" "$home_rps"
awk -v a="$article_rps" -v n="$nginx_rps" 'BEGIN { printf "sahifa article / nginx: %.3f\n", a / n }'

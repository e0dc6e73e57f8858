#!/bin/sh
# bench/media_serve.sh [SECONDS]: requests per second for one photo size (the 960-wide WebP of a
# demo photo) from sahifa (/media/NAME, sendfile from the photo folder) beside nginx sending the
# same file, in one run on this machine, with the ratio (the target is 0.9 or more). Keep-alive
# connections, as browsers load a page's photos. Load only on 127.0.0.1; every process started
# here is stopped by its PID.
set -eu
cd "$(dirname "$0")/.."
secs=${1:-5}
scripts/deps.sh --bench
make -s sahifa

dir=$(mktemp -d)
chmod 755 "$dir" # nginx's workers run as another user: they must reach the photo folder
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
hash=$(sqlite3 "$dir/site.db" "SELECT hash FROM media ORDER BY id LIMIT 1")
name="$hash-960.webp"
file=$(find "$dir/site-media" -name "$name")

# nginx serves the very file, with the same cache headers.
mkdir -p "$dir/logs"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$dir/nginx.conf" <<CONF
worker_processes 2;
pid $dir/nginx.pid;
error_log $dir/logs/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    types { image/webp webp; }
    server {
        listen 127.0.0.1:$port;
        root $(dirname "$file");
        location /media/ { alias $(dirname "$file")/; add_header Cache-Control "public, max-age=31536000, immutable"; }
    }
}
CONF
nginx -c "$dir/nginx.conf" -p "$dir" -e "$dir/logs/error.log"
sleep 0.3

rps() { wrk -t2 -c50 -d"${secs}s" "$1" | awk '/^Requests\/sec/ {print int($2)}'; }
# Both answer with the same bytes (checked), then each is loaded in turn, twice.
curl -s "$base/media/$name" | cmp -s - "$file" || { echo "sahifa's bytes differ from the file" >&2; exit 1; }
curl -s "http://127.0.0.1:$port/media/$name" | cmp -s - "$file" || { echo "nginx's bytes differ" >&2; exit 1; }
n1=$(rps "http://127.0.0.1:$port/media/$name")
s1=$(rps "$base/media/$name")
n2=$(rps "http://127.0.0.1:$port/media/$name")
s2=$(rps "$base/media/$name")
printf 'bytes of %s: %s\n' "$name" "$(wc -c < "$file")"
printf '%-30s %10s %10s req/s\n' "nginx, the file" "$n1" "$n2" "sahifa, /media/$hash-960.webp" "$s1" "$s2" |
    sed "s|/media/$hash|/media/HASH|"
awk -v a="$((s1 + s2))" -v n="$((n1 + n2))" 'BEGIN { printf "sahifa / nginx: %.3f\n", a / n }'

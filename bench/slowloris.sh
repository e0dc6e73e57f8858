#!/bin/bash
# bench/slowloris.sh [SECONDS]: hostile clients against sahifa on 127.0.0.1, with the reader's
# view beside each (docs/PERFORMANCE.md, "Under attack"):
#  1. a reader's GET / on a fresh connection every 0.1 s, alone (the reference), then while 2,000
#     connections from 40 addresses trickle a header line every 10 seconds for SECONDS (default
#     60): latency percentiles, failures, the ratio of the two p99s, and what the trickling
#     connections met (refused, cut at their deadline, the longest-lived);
#  2. 50 kept-alive clients (the reference), then 1,000, each sending GET / as soon as the last
#     answer came: how many were answered, requests left unanswered after 30 s, requests per
#     second and latency, and the ratio of the two throughputs.
# SAHIFA=path runs another build (e.g. an older one, for a before-and-after). Every process
# started here is stopped by its PID; load only on 127.0.0.0/8, bounded in time.
set -eu
cd "$(dirname "$0")/.."
secs=${1:-60}
scripts/deps.sh --bench
make -s sahifa
. bench/lib.sh
bench_serve "${SAHIFA:-./sahifa}" --access-log off

clients() { node bench/clients.mjs "$@"; }
field() { node -e 'const o = JSON.parse(process.argv[1]); console.log(o[process.argv[2]])' "$1" "$2"; }

echo "== a reader alone, $((secs / 2))s"
alone=$(clients probe "$base" --secs "$((secs / 2))" --every 0.1)
echo "$alone"

echo "== a reader while 2,000 connections from 40 addresses trickle their heads, ${secs}s"
clients trickle "$base" --conns 2000 --addrs 40 --every 10 --secs "$secs" >"$dir/trickle" &
trickler=$!
bench_started "$trickler"
sleep 10 # the attack's ramp-up (200 connections a second)
attacked=$(clients probe "$base" --secs "$((secs - 15))" --every 0.1)
wait "$trickler"
echo "$attacked"
echo "trickling connections: $(cat "$dir/trickle")"
a99=$(field "$alone" p99)
b99=$(field "$attacked" p99)
failures=$(field "$attacked" failures)
awk -v a="$a99" -v b="$b99" -v f="$failures" 'BEGIN {
    if (b == "null") printf "reader under attack: no request answered (%d failed); target p99 <= 100 ms, none failed: NOT met\n", f
    else printf "reader p99 under attack / alone: %.2f (%.1f ms / %.1f ms); failures: %d; target p99 <= 100 ms, none failed: %s\n",
        b / a, b, a, f, (b <= 100 && f == 0) ? "met" : "NOT met" }'

echo "== 50 kept-alive clients, 30s"
few=$(clients keepalive "$base" --clients 50 --addrs 40 --secs 30)
echo "$few"
echo "== 1,000 kept-alive clients from 40 addresses, 30s"
many=$(clients keepalive "$base" --clients 1000 --addrs 40 --secs 30)
echo "$many"
awk -v a="$(field "$few" rps)" -v b="$(field "$many" rps)" -v c="$(field "$many" answeredClients)" \
    -v u="$(field "$many" unanswered)" 'BEGIN {
    printf "requests/s with 1,000 clients / with 50: %.2f; clients answered: %d of 1000; unanswered after 30 s: %d; target all answered: %s\n",
        b / a, c, u, (c == 1000 && u == 0) ? "met" : "NOT met" }'

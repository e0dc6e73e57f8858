# bench/lib.sh: what the shell benchmarks share, sourced after `cd` to the checkout.
# bench_serve BIN [SERVE OPTIONS...]: makes the demo site in a fresh folder ($dir) and serves it
# with BIN on a free port of 127.0.0.1, setting $base (http://127.0.0.1:PORT) and $server (its
# PID); bench_started PID adds a process to stop. On exit every process started is stopped by
# its PID and the folder removed. The open-files limit is raised as far as allowed first, for
# benchmarks that hold thousands of connections on each side.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
dir=$(mktemp -d)
bench_pids=""
bench_cleanup() {
    for p in $bench_pids; do kill "$p" 2>/dev/null || true; done
    rm -rf "$dir"
}
trap bench_cleanup EXIT
bench_started() { bench_pids="$bench_pids $1"; }
bench_serve() {
    local bin=$1
    shift
    "$bin" init --db "$dir/site.db" --demo >/dev/null 2>&1
    "$bin" serve --db "$dir/site.db" --listen 127.0.0.1:0 "$@" 2>"$dir/err" &
    server=$!
    bench_started "$server"
    while ! grep -q '^listening on' "$dir/err"; do sleep 0.1; done
    base=$(head -1 "$dir/err" | sed 's/^listening on //')
}

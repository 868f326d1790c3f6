#!/usr/bin/env bash
# The latency nginx + engine adds over nginx alone, measured as the OPA-Envoy guide does it
# (docs/benchmarks.md §10, "Gateway transports"): the same allowed requests, open loop (fixed rate,
# latency from each request's intended send time), through
#   nginx alone:     client -> nginx -> upstream
#   nginx + engine:  client -> nginx -(auth_request)-> engine /v1/forward-auth, then -> upstream
# The upstream is a small nginx server block answering 200. nginx (Debian's) runs with its own
# configuration in a temporary folder on loopback, and it and the engine are stopped at the end.
# Prints one line per run (JSON summary of engine-loadgen) and, per rate, p50/p99/p99.9 of both and
# the difference, each with the load average from `uptime`.
#
# Usage: [RATES="1000 5000"] [SECONDS_PER_RUN=10] [CONNECTIONS=16] bench/gateway-latency.sh   (needs a Release build:
#        dotnet build bench/Engine.LoadGen -c Release)
set -euo pipefail
cd "$(dirname "$0")/.."
RATES=${RATES:-"1000 5000"}
S=${SECONDS_PER_RUN:-10}
C=${CONNECTIONS:-16}
L=bench/Engine.LoadGen/bin/Release/net10.0/engine-loadgen
E=bench/Engine.LoadGen/bin/Release/net10.0/engine-server/engine
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
[ -x "$L" ] && [ -x "$E" ] || { echo "build first: dotnet build bench/Engine.LoadGen -c Release" >&2; exit 2; }
[ -x "$NGINX" ] || { echo "nginx not found (apt-get install -y nginx)" >&2; exit 2; }
command -v jq > /dev/null || { echo "jq not found (apt-get install -y jq)" >&2; exit 2; }

T=$(mktemp -d)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
ENGINE_PORT=$(free_port); UP_PORT=$(free_port); ALONE_PORT=$(free_port); AUTH_PORT=$(free_port)
ENGINE_PID=
cleanup() {
  if [ -f "$T/nginx.pid" ]; then kill -QUIT "$(cat "$T/nginx.pid")" 2>/dev/null || true; fi
  if [ -n "$ENGINE_PID" ]; then kill -TERM "$ENGINE_PID" 2>/dev/null || true; wait "$ENGINE_PID" 2>/dev/null || true; fi
  sleep 0.5
  rm -rf "$T"
}
trap cleanup EXIT

# Only the cases that expect Allow: nginx alone answers 200 to everything, so both paths get the
# same requests and every answer can be checked (a deny through nginx + engine would be a 403).
CASES=(--only-allowed)
"$L" --protocol http --print-gateway "${CASES[@]}" > "$T/gateway.json"
"$E" serve --http "127.0.0.1:$ENGINE_PORT" --gateway "$T/gateway.json" --no-watch > "$T/engine.log" 2>&1 & ENGINE_PID=$!

mkdir -p "$T/tmp"
cat > "$T/nginx.conf" <<NGINX
worker_processes 1;
pid $T/nginx.pid;
error_log $T/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $T/tmp/body; proxy_temp_path $T/tmp/proxy; fastcgi_temp_path $T/tmp/fastcgi;
    uwsgi_temp_path $T/tmp/uwsgi; scgi_temp_path $T/tmp/scgi;
    upstream app { server 127.0.0.1:$UP_PORT; keepalive 64; }
    upstream engine { server 127.0.0.1:$ENGINE_PORT; keepalive 64; }

    # The small upstream.
    server { listen 127.0.0.1:$UP_PORT; location / { return 200 "ok\n"; } }

    # nginx alone.
    server {
        listen 127.0.0.1:$ALONE_PORT;
        location / { proxy_pass http://app; proxy_http_version 1.1; proxy_set_header Connection ""; }
    }

    # nginx + engine: docs/gateways.md's configuration, with keep-alive connections to both upstreams.
    server {
        listen 127.0.0.1:$AUTH_PORT;
        location / {
            auth_request /_engine;
            proxy_pass http://app; proxy_http_version 1.1; proxy_set_header Connection "";
        }
        location = /_engine {
            internal;
            proxy_pass http://engine/v1/forward-auth;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_pass_request_body off;
            proxy_set_header Content-Length "";
            proxy_set_header X-Original-Method \$request_method;
            proxy_set_header X-Original-URI \$request_uri;
            proxy_set_header X-Forwarded-For \$remote_addr;
        }
    }
}
NGINX
"$NGINX" -p "$T" -c "$T/nginx.conf"

# Ready: the engine answers /readyz and nginx + engine answers an allowed request.
for _ in $(seq 1 300); do
  curl -fs "http://127.0.0.1:$ENGINE_PORT/readyz" > /dev/null 2>&1 && break
  kill -0 "$ENGINE_PID" 2>/dev/null || { cat "$T/engine.log" >&2; exit 1; }
  sleep 0.1
done

run() { # label port rate
  local load; load=$(uptime | sed 's/.*load average: //')
  local json; json=$("$L" --connect "127.0.0.1:$2" --protocol http --proxied "${CASES[@]}" --rate "$3" --connections "$C" --seconds "$S" --warmup 2 --quiet --json) || true
  printf '%s\trate=%s\tload average %s\t%s\n' "$1" "$3" "$load" "$json" >&2
  echo "$json"
}

for rate in $RATES; do
  alone=$(run "nginx alone   " "$ALONE_PORT" "$rate")
  auth=$(run "nginx + engine" "$AUTH_PORT" "$rate")
  jq -rn --argjson a "$alone" --argjson b "$auth" --arg rate "$rate" --arg load "$(uptime | sed 's/.*load average: //')" '
    def row(name; x): "  \(name)  p50 \(x.p50Us) µs  p99 \(x.p99Us) µs  p99.9 \(x.p999Us) µs  errors \(x.errors)  wrong \(x.mismatches)";
    "rate \($rate)/s open loop (load average after: \($load))",
    row("nginx alone   "; $a),
    row("nginx + engine"; $b),
    "  added by the engine  p50 \($b.p50Us - $a.p50Us) µs  p99 \($b.p99Us - $a.p99Us) µs  p99.9 \($b.p999Us - $a.p999Us) µs"'
done

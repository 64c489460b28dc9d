#!/usr/bin/env bash
# `make run`: start `gatehouse serve` on the embedded demo (Policies/demo/gateway.yaml), play a short
# scripted demo against it, then keep serving and print commands to paste, until Ctrl-C.
#
# Usage: Policies/demo/serve-demo.sh PATH/TO/gatehouse
# Environment: PORT (default 8080), DATA_DIR (default ./.gatehouse), DEMO_NONINTERACTIVE=1 to stop
# after the scripted part (what the interop test does).
set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: $0 PATH/TO/gatehouse" >&2
    exit 2
fi
gatehouse="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
if [ ! -x "$gatehouse" ]; then
    echo "serve-demo: \`$1\` is not an executable (build it first: swift build --product gatehouse)" >&2
    exit 2
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
port="${PORT:-8080}"
data_dir="${DATA_DIR:-.gatehouse}"
base="http://127.0.0.1:$port"
mkdir -p "$data_dir"
chmod 700 "$data_dir"
log="$data_dir/serve-demo.log"

if [ -t 1 ]; then bold=$'\e[1m'; green=$'\e[32m'; red=$'\e[31m'; plain=$'\e[0m'; else bold=""; green=""; red=""; plain=""; fi
step() { printf '\n%s==> %s%s\n' "$bold" "$1" "$plain"; }
show() { printf '    $ %s\n' "$*"; }

# The server: its own access log in the data dir, stopped when this script ends.
unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_PROFILE
"$gatehouse" serve --port "$port" --data-dir "$data_dir" --access-log "$data_dir/access.log" >"$log" 2>&1 &
server=$!
cleanup() {
    if kill -0 "$server" 2>/dev/null; then
        kill -TERM "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for _ in $(seq 1 150); do
    if curl -fsS -o /dev/null "$base/_gatehouse/health" 2>/dev/null; then break; fi
    if ! kill -0 "$server" 2>/dev/null; then
        echo "${red}serve-demo: gatehouse serve exited:${plain}" >&2
        cat "$log" >&2
        exit 1
    fi
    sleep 0.2
done
curl -fsS -o /dev/null "$base/_gatehouse/health" || { echo "serve-demo: no answer on $base" >&2; cat "$log" >&2; exit 1; }

step "gatehouse serve is up on $base (its start-up report; the access log goes to $data_dir/access.log)"
sed 's/^/    /' "$log"

api_id="$(curl -fsS "$base/_gatehouse/apis" | python3 -c 'import json,sys; print(next(a["id"] for a in json.load(sys.stdin) if a["name"] == "demo"))')"
invoke="$base/restapis/$api_id/prod/_user_request_"
if [ -n "${GATEHOUSE_ROOT_ACCESS_KEY_ID:-}" ]; then
    root_env=()
else
    root_env=(env AWS_SHARED_CREDENTIALS_FILE="$data_dir/root-credentials" AWS_CONFIG_FILE=/dev/null)
fi
root_curl() { "${root_env[@]}" "$gatehouse" curl --service execute-api --region us-east-1 "$@"; }

failures=0
# expect STATUS DESCRIPTION -- COMMAND...: runs COMMAND (which prints the body and, last, the status).
expect() {
    local want="$1" what="$2"
    shift 3
    local out status body
    out="$("$@" 2>&1)" || true
    status="${out##*$'\n'}"
    body="${out%$'\n'*}"
    if [ "$status" = "$want" ]; then
        printf '    %s%s %s%s  %s\n' "$green" "$status" "ok" "$plain" "$what"
    else
        printf '    %s%s (expected %s)%s  %s\n' "$red" "$status" "$want" "$plain" "$what"
        failures=$((failures + 1))
    fi
    printf '    %s\n' "$body"
}
status_curl() { curl -sS -w '\n%{http_code}' "$@"; }

step "A public route (MOCK, answered by the gateway, no authorization)"
show curl "$invoke/hello"
expect 200 "GET /hello" -- status_curl "$invoke/hello"

step "AWS_IAM: a request signed with the root key by gatehouse curl reaches the backend"
show "AWS_SHARED_CREDENTIALS_FILE=$data_dir/root-credentials gatehouse curl --service execute-api --region us-east-1 $invoke/pets"
out="$(root_curl -i "$invoke/pets" 2>&1 || true)"
printf '%s\n' "$out" | sed 's/^/    /'
case "$out" in
    "HTTP/1.1 200"*) printf '    %s200 ok%s  signed GET /pets\n' "$green" "$plain" ;;
    *) printf '    %snot 200%s  signed GET /pets\n' "$red" "$plain"; failures=$((failures + 1)) ;;
esac

step "The same request unsigned: 403 Missing Authentication Token"
show curl "$invoke/pets"
expect 403 "unsigned GET /pets" -- status_curl "$invoke/pets"

step "GET /admin, signed by root: the resource policy's explicit Deny wins over root's full access"
show "gatehouse curl ... $invoke/admin"
out="$(root_curl -i "$invoke/admin" 2>&1 || true)"
printf '%s\n' "$out" | sed 's/^/    /'
case "$out" in
    "HTTP/1.1 403"*"explicit deny"*) printf '    %s403 ok%s  explicit deny\n' "$green" "$plain" ;;
    *) printf '    %snot the explicit-deny 403%s\n' "$red" "$plain"; failures=$((failures + 1)) ;;
esac

step "An identity policy: the user demo-reader may only GET /pets* (Policies/demo/reader-policy.json)"
reader_key="$data_dir/demo-reader-key.json"
if [ ! -s "$reader_key" ]; then
    "$gatehouse" principals create-user --name demo-reader --data-dir "$data_dir" >/dev/null 2>&1 || true
    "$gatehouse" principals put-policy --user demo-reader --name read-pets \
        --document "file://$here/reader-policy.json" --data-dir "$data_dir" >/dev/null
    (umask 077 && "$gatehouse" principals create-access-key --user demo-reader --output json \
        --data-dir "$data_dir" >"$reader_key")
fi
show "gatehouse principals create-user --name demo-reader; put-policy --user demo-reader ...; create-access-key ..."
reader_id="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["AccessKey"]["AccessKeyId"])' "$reader_key")"
reader_secret="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["AccessKey"]["SecretAccessKey"])' "$reader_key")"
reader_curl() {
    AWS_ACCESS_KEY_ID="$reader_id" AWS_SECRET_ACCESS_KEY="$reader_secret" AWS_CONFIG_FILE=/dev/null \
        AWS_SHARED_CREDENTIALS_FILE=/dev/null "$gatehouse" curl --service execute-api --region us-east-1 "$@"
}
# A new key reaches a running server within a second.
sleep 1.2
out="$(reader_curl -i "$invoke/pets" 2>&1 || true)"
case "$out" in
    "HTTP/1.1 200"*) printf '    %s200 ok%s  demo-reader: GET /pets\n' "$green" "$plain" ;;
    *) printf '    %snot 200%s  demo-reader: GET /pets\n' "$red" "$plain"; printf '%s\n' "$out" | sed 's/^/    /'
        failures=$((failures + 1)) ;;
esac
out="$(reader_curl -i -X DELETE "$invoke/pets/1" 2>&1 || true)"
case "$out" in
    "HTTP/1.1 403"*) printf '    %s403 ok%s  demo-reader: DELETE /pets/1 (no identity policy allows it)\n' "$green" "$plain"
        printf '%s\n' "$out" | tail -1 | sed 's/^/    /' ;;
    *) printf '    %snot 403%s  demo-reader: DELETE /pets/1\n' "$red" "$plain"; printf '%s\n' "$out" | sed 's/^/    /'
        failures=$((failures + 1)) ;;
esac

step "JWT: a bearer token from gatehouse jwt sign (ES256, the demo's key) is accepted"
now="$(date +%s)"
token="$("$gatehouse" jwt sign --key "$here/jwt/demo-private-key.pem" --alg ES256 --kid demo-es256 \
    --claims "{\"iss\":\"https://demo.gatehouse.local\",\"aud\":\"demo\",\"sub\":\"alice\",\"iat\":$now,\"exp\":$((now + 3600))}")"
show "TOKEN=\$(gatehouse jwt sign --key Policies/demo/jwt/demo-private-key.pem --alg ES256 --kid demo-es256 --claims '{\"iss\":\"https://demo.gatehouse.local\",\"aud\":\"demo\",\"sub\":\"alice\",\"exp\":$((now + 3600))}')"
show curl -H "\"Authorization: Bearer \$TOKEN\"" "$invoke/orders"
expect 200 "GET /orders with a valid token" -- status_curl -H "Authorization: Bearer $token" "$invoke/orders"

step "The same token with one signature character changed: 401 Unauthorized"
last="${token: -1}"
if [ "$last" = "A" ]; then swap="B"; else swap="A"; fi
tampered="${token%?}$swap"
expect 401 "GET /orders with a tampered token" -- status_curl -H "Authorization: Bearer $tampered" "$invoke/orders"

step "A REQUEST Lambda authorizer (Policies/demo/tenant_authorizer.py, a local command): its context reaches the backend"
show curl -H "'X-Tenant: acme'" "$invoke/tenants/acme"
expect 200 "tenant acme (see x-demo-tenant and x-demo-plan in the backend's echo)" -- \
    status_curl -H "X-Tenant: acme" "$invoke/tenants/acme"
expect 401 "tenant acme asking for globex" -- status_curl -H "X-Tenant: acme" "$invoke/tenants/globex"

if [ "$failures" -ne 0 ]; then
    printf '\n%s%d step(s) did not answer as expected (server log: %s)%s\n' "$red" "$failures" "$log" "$plain"
else
    printf '\n%sEvery step answered as API Gateway would.%s\n' "$green" "$plain"
fi
if [ "${DEMO_NONINTERACTIVE:-}" = 1 ]; then
    exit "$((failures == 0 ? 0 : 1))"
fi

step "Still serving on $base until Ctrl-C. Try:"
cat <<COMMANDS
    export AWS_SHARED_CREDENTIALS_FILE=$data_dir/root-credentials   # the root key (full access)
    $gatehouse curl --service execute-api --region us-east-1 $invoke/pets
    $gatehouse curl --service execute-api --region us-east-1 -X DELETE $invoke/pets/1
    $gatehouse curl --service execute-api --region us-east-1 -i $invoke/admin
    curl -i $invoke/pets
    curl -i $invoke/hello
    curl -i -H 'X-Tenant: globex' $invoke/tenants/globex
    curl -i -H "Authorization: Bearer $token" $invoke/orders
    curl $base/_gatehouse/apis
    $gatehouse export > demo-openapi.json
    tail -f $data_dir/access.log
COMMANDS
wait "$server"

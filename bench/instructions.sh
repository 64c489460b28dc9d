#!/usr/bin/env bash
# Instructions per operation, measured with callgrind: repeatable where wall-clock time is not
# (shared machines, frequency changes). Runs each benchmark for N and 2N iterations and divides
# the difference by N, so set-up and start-up cost cancel out.
#
#   bench/instructions.sh [BINARY] [N] [FILTER…]
#   bench/instructions.sh .build/release/gatehouse 20000 sigv4.sign sigv4.verify.cached
set -euo pipefail
bin=${1:-.build/release/gatehouse}
n=${2:-20000}
shift 2 || true
filters=("$@")
[ ${#filters[@]} -gt 0 ] || filters=(sigv4.sign sigv4.verify.cached sigv4.verify.uncached crypto.sha256.289B crypto.hmac.142B)
command -v valgrind >/dev/null || { echo "valgrind is needed (apt-get install valgrind)" >&2; exit 2; }
stripped=$(mktemp)
trap 'rm -f "$stripped" "$stripped".cg* "$stripped".so' EXIT
# valgrind 3.19 crashes where libdispatch parks the async main thread in sigsuspend; the shim
# parks it in pause() instead (see the C file).
cc -shared -fPIC -O2 -o "$stripped.so" "$(dirname "$0")/valgrind-sigsuspend.c"
strip --strip-debug -o "$stripped" "$bin"  # valgrind's debuginfo reader rejects Swift's DWARF
count() {
  SWIFT_DETERMINISTIC_HASHING=1 LD_PRELOAD="$stripped.so" valgrind --tool=callgrind --callgrind-out-file="$stripped.cg.$2" "$stripped" bench --filter "$1" --iterations "$2" \
    >/dev/null 2>&1
  awk '/^summary:/ {print $2}' "$stripped.cg.$2"
}
printf '%-24s %14s\n' benchmark instructions/op
for filter in "${filters[@]}"; do
  one=$(count "$filter" "$n")
  two=$(count "$filter" $((2 * n)))
  printf '%-24s %14d\n' "$filter" $(((two - one) / n))
done

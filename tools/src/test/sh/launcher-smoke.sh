#!/usr/bin/env bash
# Smoke test of the tools/rill launcher as a newcomer runs it: builds the jar if needed, then a short session
# (create, produce, consume text/json, @TIME, group, describe, dump, errors) checked line by line.
# Exits non-zero on the first mismatch, printing what was expected and what came.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd -P)"
rill="$root/tools/rill"
tmp="$(mktemp -d)"
follower=""
demo_dir=""
cleanup() {
  if [ -n "$follower" ]; then kill "$follower" 2>/dev/null || true; fi
  rm -rf "$tmp"
  if [ -n "$demo_dir" ]; then rm -rf "$demo_dir"; fi
}
trap cleanup EXIT
data="$tmp/data"
failures=0

fail() {
  echo "launcher-smoke: FAIL: $1" >&2
  if [ $# -gt 1 ]; then
    echo "--- expected" >&2; printf '%s\n' "$2" >&2
    echo "--- got" >&2; printf '%s\n' "$3" >&2
  fi
  failures=$((failures + 1))
}

expect_eq() { # what expected got
  if [ "$2" != "$3" ]; then fail "$1" "$2" "$3"; fi
}

# Runs rill, keeping stdout in $out, stderr in $err and the exit code in $rc.
run() {
  set +e
  "$rill" "$@" >"$tmp/out" 2>"$tmp/err" <"${stdin:-/dev/null}"
  rc=$?
  set -e
  out="$(cat "$tmp/out")"
  # the launcher rebuilds the jar when a source is newer: its notice is not an error
  err="$(grep -v -x 'rill: building tools (one-time)\.\.\.' "$tmp/err" || true)"
}

# Runs rill and fails unless it exits 0 with nothing on stderr (no Chronicle banner or warning either).
ok() {
  run "$@"
  if [ "$rc" -ne 0 ] || [ -n "$err" ]; then
    fail "rill $* exited $rc" "exit 0, empty stderr" "exit $rc, stderr: $err"
  fi
}

# First run may build the jar: its message goes to stderr, never stdout.
run --help
if [ "$rc" -ne 0 ] || ! grep -q '^Usage: rill ' <<<"$out"; then fail "rill --help" "Usage: rill ..." "$out$err"; fi
if [ -n "$err" ]; then fail "rill --help wrote more than the build notice on stderr" "" "$err"; fi

ok --version
expect_eq "rill --version" "rill " "${out:0:5}"

ok --dir "$data" topic create smoke --partitions 2 --retention-age 7d --retention-bytes 1g
expect_eq "topic create" "created topic smoke: 2 partitions, retention age 7d, retention bytes 1g, max record 1m, roll cycle FAST_HOURLY, block size 64m in $data" "$out"

export RILL_DIR="$data"
ok topic list
expect_eq "topic list (RILL_DIR)" "smoke" "$out"

printf 'AAPL\t187.50\nMSFT\t410.25\nAAPL\t187.55\nno key, value only\n' >"$tmp/in"
stdin="$tmp/in" ok produce smoke
# Kafka's murmur2 with 2 partitions: AAPL -> 1, MSFT -> 0; no key -> 0
expect_eq "produce" "produced 4 records to smoke: partition 0: 2, partition 1: 2" "$out"

ok consume smoke
got="$(cut -f 1,2,4,5 <<<"$out")"
expect_eq "consume text" "$(printf '0\t0\tMSFT\t410.25\n0\t1\t\tno key, value only\n1\t0\tAAPL\t187.50\n1\t1\tAAPL\t187.55')" "$got"
if cut -f 3 <<<"$out" | grep -qvE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z$'; then
  fail "consume text timestamps are ISO-8601" "" "$out"
fi

ok consume smoke --partition 1 --format json --max 1
if ! grep -qE '^\{"topic":"smoke","partition":1,"offset":0,"timestamp":[0-9]{19},"key":"AAPL","value":"187.50"\}$' <<<"$out"; then
  fail "consume json" '{"topic":"smoke","partition":1,"offset":0,"timestamp":<ns>,"key":"AAPL","value":"187.50"}' "$out"
fi

# @TIME: ISO-8601 with nanoseconds picks exactly offset 1 of partition 1; epoch ms (rounded down) both records.
ok consume smoke --partition 1 --format json
ns0="$(head -1 <<<"$out" | sed -E 's/.*"timestamp":([0-9]+).*/\1/')"
ns1="$(tail -1 <<<"$out" | sed -E 's/.*"timestamp":([0-9]+).*/\1/')"
ok consume smoke --partition 1 --from 1
iso1="$(cut -f 3 <<<"$out")"
ok consume smoke --partition 1 --from "@$iso1"
expect_eq "consume --from @ISO" "$(printf '1\t1\tAAPL\t187.55')" "$(cut -f 1,2,4,5 <<<"$out")"
ok consume smoke --partition 1 --from "@$((ns0 / 1000000))"
expect_eq "consume --from @epoch-ms" "$(printf '1\t0\tAAPL\t187.50\n1\t1\tAAPL\t187.55')" "$(cut -f 1,2,4,5 <<<"$out")"
ok consume smoke --partition 1 --from "@$((ns1 / 1000000 + 1))"
expect_eq "consume --from @epoch-ms after the last record" "" "$out"

ok consume smoke --group g --max 3
expect_eq "group first run" 3 "$(wc -l <<<"$out" | tr -d ' ')"
ok consume smoke --group g
expect_eq "group resumes" 1 "$(wc -l <<<"$out" | tr -d ' ')"
ok consume smoke --group g
expect_eq "group at the end" "" "$out"

ok topic describe smoke
if ! grep -qE '^  1 +0 +2 +2 ' <<<"$out"; then fail "topic describe partition 1" "  1  0  2  2 ..." "$out"; fi

ok dump smoke --partition 1 --offset 1
if ! grep -qE '^offset 1  timestamp .* key 4 B  value 6 B  batch [0-9]+\.\.[0-9]+  checksum valid' <<<"$out" ||
   ! grep -qF 'AAPL187.55|' <<<"$out"; then
  fail "dump" "offset 1 ... batch A..B  checksum valid, hex with AAPL187.55|" "$out"
fi

# Follow: prints what arrives, commits on SIGTERM (the shutdown hook; Ctrl-C takes the same path).
"$rill" consume smoke --follow --group f --partition 0 >"$tmp/follow" 2>"$tmp/follow.err" &
follower=$!
sleep 3
printf 'later\n' >"$tmp/in2"
stdin="$tmp/in2" ok produce smoke
for _ in $(seq 1 50); do
  if [ "$(wc -l <"$tmp/follow")" -ge 3 ]; then break; fi
  sleep 0.1
done
kill -TERM "$follower"
set +e; wait "$follower"; set -e
follower=""
expect_eq "follow output" "$(printf '0\t0\tMSFT\t410.25\n0\t1\t\tno key, value only\n0\t2\t\tlater')" "$(cut -f 1,2,4,5 "$tmp/follow")"
expect_eq "follow stderr" "" "$(grep -v -x 'rill: building tools (one-time)\.\.\.' "$tmp/follow.err" || true)"
ok consume smoke --group f --partition 0
expect_eq "follow committed on exit" "" "$out"

# A closed pipe ends consume quietly.
ok produce smoke --count 200000 --partition 0
set +e
first="$("$rill" consume smoke 2>"$tmp/pipe.err" | head -1)"
set -e
expect_eq "consume | head" "0" "$(cut -f 2 <<<"$first")"
expect_eq "consume | head stderr" "" "$(grep -v -x 'rill: building tools (one-time)\.\.\.' "$tmp/pipe.err" || true)"

# rill run: a bounded job runs to its end (exit 0, Spark's print format on stdout, metrics table on stderr).
run run dev.rill.engine.examples.TopicCount smoke
expect_eq "run TopicCount exit" 0 "$rc"
if ! grep -q '^Time: [0-9]* ms$' <<<"$out"; then fail "run TopicCount prints batches" "Time: <ms> ms ..." "$out"; fi
if ! grep -q '^rill run: dev.rill.engine.examples.TopicCount ended after ' <<<"$err"; then
  fail "run TopicCount metrics on stderr" "rill run: ... ended after ..." "$err"
fi
run run com.example.NoSuchJob
expect_eq "run missing class exit" 2 "$rc"
expect_eq "run missing class message" \
  "rill: no such class: com.example.NoSuchJob (not on rill's classpath; add its jar or directory with --classpath)" "$err"

# rill run --follow, stopped by SIGTERM (Ctrl-C takes the same path): drains, prints what it counted, exits.
"$rill" run dev.rill.engine.examples.TopicCount smoke --follow >"$tmp/run" 2>"$tmp/run.err" &
follower=$!
sleep 3
kill -TERM "$follower"
set +e; wait "$follower"; set -e
follower=""
if ! grep -q '^rill run: dev.rill.engine.examples.TopicCount stopped (drained) after ' "$tmp/run.err"; then
  fail "run --follow stopped by SIGTERM" "rill run: ... stopped (drained) after ..." "$(cat "$tmp/run.err")"
fi
expect_eq "run --follow counted every record" "200005" \
  "$(grep -A3 '^Time: ' "$tmp/run" | grep -E '^[0-9]+$' | awk '{ s += $1 } END { print s }')"

# rill demo, small: a temporary log, top symbols per window, latency table, replay hint whose commands work.
run demo --events 200000
expect_eq "demo exit" 0 "$rc"
demo_dir="$(sed -n 's/^rill demo: log in \(.*\), topic trades (4 partitions, key = symbol)$/\1/p' <<<"$out")"
if [ -z "$demo_dir" ] || [ ! -d "$demo_dir" ]; then fail "demo keeps its log in a temporary folder" "" "$out"; fi
for line in '^window .* UTC .* trades  top notional: #' '^latency \(us\) ' '^append -> read by the pipeline ' \
    '^window end -> its result in the sink ' "^The log stays in $demo_dir \\(delete it with: rm -rf $demo_dir\\)"; do
  if ! grep -qE "$line" <<<"$out"; then fail "demo prints $line" "$line" "$out"; fi
done
replay="$(grep -E "^  .* consume trades --partition 0 --from " <<<"$out" | sed 's/^  //')"
set +e; replayed="$(eval "$replay" 2>&1)"; set -e
expect_eq "demo replay hint: consume" 3 "$(grep -c '"topic":"trades","partition":0' <<<"$replayed")"

# Errors: one line, rill: <message>, exit 1 for a runtime failure, 2 for bad input, no stack trace.
run consume nope
expect_eq "unknown topic exit" 1 "$rc"
expect_eq "unknown topic message" "rill: unknown topic: nope (in $data)" "$err"
expect_eq "unknown topic stdout" "" "$out"
run consume smoke --from @yesterday
expect_eq "bad @TIME exit" 2 "$rc"
if [ "$(wc -l <<<"$err")" -ne 1 ] || ! grep -q "^rill: Invalid value for option '--from': bad time 'yesterday'" <<<"$err"; then
  fail "bad @TIME message" "rill: Invalid value for option '--from': bad time 'yesterday': ..." "$err"
fi

# rill bench: a small W1 through the perf harness, one JSON object on stdout, notes on stderr, a results folder.
run bench w1 --events 20000 --runs 1 --warmup 0 --format json --out "$tmp/bench"
expect_eq "bench w1 exit" 0 "$rc"
if ! grep -qE '^\{"workload":"w1","events":20000,"complete":true,"records":[0-9]+,"checksum":[0-9]+,"results":\[' <<<"$out"; then
  fail "bench w1 --format json" '{"workload":"w1","events":20000,"complete":true,...}' "$out"
fi
if grep -qv '^rill bench w1: ' <<<"$err"; then fail "bench w1 stderr holds only its notes" "rill bench w1: ..." "$err"; fi
if [ ! -f "$(ls -d "$tmp"/bench/*/ | head -1)w1.json" ]; then fail "bench w1 results folder" "w1.json" "$(ls -R "$tmp/bench")"; fi
run bench w2 --rate 0
expect_eq "bench w2 --rate 0 exit" 2 "$rc"
expect_eq "bench w2 --rate 0 message" "rill: --rate must be 1..100000000 events/s: 0" "$err"

if [ "$failures" -ne 0 ]; then
  echo "launcher-smoke: $failures check(s) failed" >&2
  exit 1
fi
echo "launcher-smoke: OK"

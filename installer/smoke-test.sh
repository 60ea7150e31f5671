#!/usr/bin/env bash
# Smoke-tests the native-AOT binaries in a directory (default out/linux-x64): init a data directory, run the
# appliance on loopback, create two accounts with the CLI, and have them exchange a message each way.
set -euo pipefail

bin="$(cd "${1:-$(dirname "$0")/../out/linux-x64}" && pwd)"
work="$(mktemp -d)"
server_pid=""
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

fail() { echo "smoke: FAIL: $*" >&2; [ -f "$work/ferryd.log" ] && tail -20 "$work/ferryd.log" >&2; exit 1; }
field() { python3 -c "import json,sys; print(json.loads(sys.stdin.readline())['$1'])"; }

echo "== init"
init="$("$bin/ferryd" init --data "$work/data" --json)"
password="$(echo "$init" | field adminPassword)"
fingerprint="$(echo "$init" | field fingerprint)"
[ ${#fingerprint} -eq 64 ] || fail "fingerprint is not 64 hex digits: $fingerprint"

echo "== run"
"$bin/ferryd" run --data "$work/data" --listen 127.0.0.1 --discovery-port 0 --framed-port 0 --https-port 0 >"$work/ferryd.log" 2>&1 &
server_pid=$!
ready=""
for _ in $(seq 1 300); do   # bounded: about 30 s
    ready="$(grep -m1 '"EventId":1001' "$work/ferryd.log" || true)"
    [ -n "$ready" ] && break
    kill -0 "$server_pid" 2>/dev/null || fail "ferryd exited"
    sleep 0.1
done
[ -n "$ready" ] || fail "ferryd did not become ready"
discovery="$(echo "$ready" | python3 -c "import json,sys; print(json.loads(sys.stdin.readline())['State']['DiscoveryPort'])")"
https="$(echo "$ready" | python3 -c "import json,sys; print(json.loads(sys.stdin.readline())['State']['HttpsPort'])")"
curl -fsS "http://127.0.0.1:$discovery/healthz" | grep -q ok || fail "discovery /healthz"
curl -fsSk "https://127.0.0.1:$https/healthz" | grep -q ok || fail "https /healthz"

export FERRY_CONFIG_DIR="$work/cli" FERRY_SERVER="127.0.0.1:$discovery" FERRY_FINGERPRINT="$fingerprint"
ferry() { "$bin/ferry" "$@"; }

echo "== accounts"
ferry --user admin --password "$password" --json admin create-account alice --password alice-pass-1 | grep -q '"account":"alice"' || fail "create alice"
ferry --user admin --json admin create-account bob --password bob-pass-12 | grep -q '"account":"bob"' || fail "create bob"
ferry --user alice --password alice-pass-1 --json login >/dev/null || fail "alice login"
ferry --user bob --password bob-pass-12 --json login >/dev/null || fail "bob login"

echo "== messages both ways"
ferry --user alice --json send bob "hello bob from alice" | grep -q '"seq":1' || fail "alice -> bob not acked with seq 1"
ferry --user bob --json send alice "hello alice from bob" | grep -q '"seq":2' || fail "bob -> alice not acked with seq 2"
ferry --user bob --json history alice | grep -q '"from":"alice","to":"bob".*"text":"hello bob from alice"' || fail "bob does not see alice's message"
ferry --user alice --json history bob | grep -q '"from":"bob","to":"alice".*"text":"hello alice from bob"' || fail "alice does not see bob's message"

echo "== graceful stop"
kill -TERM "$server_pid"
wait "$server_pid" || fail "ferryd exited non-zero on SIGTERM"
server_pid=""
echo "smoke: OK"

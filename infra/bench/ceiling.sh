#!/usr/bin/env bash
# `make ceiling`: how far the health ratio of `make bench` can go with any transport — the bus
# taken out. A gateway built with infra/bench/local-health.patch answers `Health` in its own
# process when BENCH_LOCAL_HEALTH=1: the same route, middleware, JSON ↔ protobuf and envelope
# work as through the bus, the envelope and the reply encoded and decoded as both sides do, and
# no socket, no thread hand-off and no service in between. infra/bench/ab.sh then runs HTTP
# sections of `make bench` with that build, interleaved: A through the bus, B answered in-process.
# B's `loyalty` line against its `healthz` line is the ceiling; A − B in CPU per request is what
# the transport costs (gateway and loyalty together).
#
#   infra/bench/ceiling.sh            (AB_ROUNDS rounds, default 3; AB_OUT, default .data/ceiling/ab)
#
# The patch is applied to this checkout only while the gateway builds (a trap reverts it), so
# Services/gateway/Sources/Ports/HTTP/GatewayApp.swift must have no local changes.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
PATCH=infra/bench/local-health.patch
BUILD=$ROOT/.data/ceiling/build
git diff --quiet -- Services/gateway || { echo "ceiling: Services/gateway has local changes; commit or stash them first" >&2; exit 2; }
git apply --check "$PATCH" || { echo "ceiling: $PATCH no longer applies to this checkout" >&2; exit 2; }

revert() { git apply -R "$PATCH" 2>/dev/null || true; }
trap revert EXIT
swift build -c release
git apply "$PATCH"
swift build -c release --product gateway
rm -rf "$BUILD" && mkdir -p "$BUILD"
for product in gateway loyalty code-inventory claimer markets scheduler; do cp "$ROOT/.build/release/$product" "$BUILD/"; done
cp -r "$ROOT"/.build/release/*.resources "$BUILD/"
revert
trap - EXIT
# Leave .build/release as this checkout builds it.
swift build -c release --product gateway

AB_ROUNDS=${AB_ROUNDS:-3} AB_OUT=${AB_OUT:-$ROOT/.data/ceiling/ab} AB_ENV_B="BENCH_LOCAL_HEALTH=1" \
    exec infra/bench/ab.sh "$BUILD" "$BUILD" http

#!/usr/bin/env bash
# 64 concurrent writers plus 4 readers for N seconds (default 30): no request may fail.
# Usage: bench/load-test.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q package -DskipTests
mvn -B failsafe:integration-test failsafe:verify -Dit.test=ConcurrentWritersIT -Dload.seconds="${1:-30}" \
    | grep -E "concurrent writers:|Tests run:|FAIL|ERROR" || true

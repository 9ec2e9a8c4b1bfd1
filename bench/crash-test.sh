#!/usr/bin/env bash
# Crash safety: kill -9 the server mid-write N times (default 20) and check no acknowledged row is lost.
# Usage: bench/crash-test.sh [cycles]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q package -DskipTests
mvn -B failsafe:integration-test failsafe:verify -Dit.test=CrashIT -Dcrash.cycles="${1:-20}" \
    | grep -E "crash test:|Tests run:|FAIL|ERROR" || true

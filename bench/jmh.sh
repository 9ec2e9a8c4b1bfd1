#!/usr/bin/env bash
# JMH microbenchmarks of Tiddly's pure stages: request parsing, SQL generation, row-to-JSON
# writing. Arguments go to JMH: a quick run is `bench/jmh.sh -wi 2 -i 3 -f 1`; a name regex picks
# benchmarks (`bench/jmh.sh Envelope`); `bench/jmh.sh -h` lists JMH's options.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
# shellcheck source=bench/lib.sh
source "$here/lib.sh"
build_tiddly
build_bench
# JMH's forks inherit this class path: the benchmarks (with JMH) and Tiddly's fat jar.
exec java -cp "$here/target/benchmarks.jar:$TIDDLY_JAR" org.openjdk.jmh.Main "$@"

#!/usr/bin/env bash
# Runs the benchmarks: every target (the starter, plain Spring, Node's ws) through every scenario, interleaved.
#   benchmarks/run.sh                 full run: 3 rounds, 5,000 idle connections, 1,000 and 5,000 subscribers
#   benchmarks/run.sh --quick         a one-round smoke run with small numbers
#   benchmarks/run.sh --rounds 5 --targets starter,spring-raw --scenarios fanout   (conns, echo, fanout, deflate)
#   starter-cluster (in the default targets): the windowed fan-out over two starter instances and a redis-server
#   (needs Debian's redis-server), subscribers split between them, CPU of both instances together
#   extra targets: starter-nodeflate (ws.permessage-deflate=false), starter-small-buffers (the idle-memory opt-ins)
#   BENCH_EXTRA_JVM="-XX:StartFlightRecording=filename=/tmp/%t.jfr" adds JVM options to every Java target (%t: its name)
#   BENCH_THREADS=1 prints each fan-out's server CPU by thread (JIT compilers, ws-flush, lettuce, ...)
# Also: benchmarks/run.sh --jmh      the JMH benchmark of the per-message dispatch path
# Results: printed, and written to benchmarks/target/benchmark-results.md. Needs a JDK 17+, Maven, Node.js and npm.
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -q -B -pl benchmarks -am package -DskipTests
CP="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"

if [ "${1:-}" = "--jmh" ]; then
  shift
  exec java -cp "$CP" org.openjdk.jmh.Main "${@:-io.github.wsstarter.handler}"
fi

if ! [ -d benchmarks/node/node_modules/ws ]; then
  (cd benchmarks/node && npm install --no-audit --no-fund --silent)
fi
# Keep the kernel from limiting thousands of connections
ulimit -n 65536 2>/dev/null || true
exec java -Xmx2g -cp "$CP" io.github.wsstarter.bench.load.BenchmarkRunner "$@"

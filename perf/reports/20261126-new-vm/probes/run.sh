#!/bin/bash
# ./run.sh PAIRS variants...  one JVM per variant, alternated
J=${JAR:-/work/main/perf/target/rill-benchmarks.jar}; FL=$(cat /work/main/perf/target/classes/rill-jvm.flags)
P=$1; shift
for i in $(seq $P); do for v in "$@"; do
  echo -n "pair $i $v:"; java $FL -Drounds=${ROUNDS:-4} -Dvariants=$v -cp $J:/tmp/pv/fused dev.rill.perf.w1.FusedProbe 2>&1 | grep "^round" | tail -3 | tr '\n' ' '; echo
done; done

#!/bin/bash
# run ViaLogT; when a finished round is slow, perf the next 4 s
cd /tmp/pv
for attempt in 1 2 3 4 5; do
java $(cat /work/main/perf/target/classes/rill-jvm.flags) -XX:+UnlockDiagnosticVMOptions -Dsync=true -Drounds=14 -cp /work/main/perf/target/rill-benchmarks.jar:cls dev.rill.perf.w1.W1Rounds > sc.out 2>&1 &
P=$!
for i in $(seq 1 60); do
  sleep 0.5
  last=$(grep -o 'standard [0-9.]*M' sc.out | tail -1 | awk '{print $2}' | tr -d M)
  n=$(grep -c 'standard' sc.out)
  if [ -n "$last" ] && [ "$n" -ge 2 ] && awk "BEGIN{exit !($last < 15)}"; then
     echo "attempt $attempt: slow round $n ($last M), profiling"
     perf record -F 4999 -p $P -o prof.data -- sleep 4 > /dev/null 2>&1
     jcmd $P Compiler.perfmap > /dev/null 2>&1; python3 asmhist.py $P handRecordsTo 0.5 > slow-asm.txt 2>&1; cp m.asm slow-m.asm
     echo "rounds: $(grep -o 'standard [0-9.]*M' sc.out | awk '{printf "%s ", $2}')"
     kill $P; wait $P 2>/dev/null
     perf report -i prof.data --no-children --sort comm,sym -q 2>/dev/null | head -30 | cut -c1-170
     exit 0
  fi
  if ! kill -0 $P 2>/dev/null; then break; fi
done
kill $P 2>/dev/null; wait $P 2>/dev/null
echo "attempt $attempt: no slow round: $(grep -o 'standard [0-9.]*M' sc.out | awk '{printf "%s ", $2}')"
done

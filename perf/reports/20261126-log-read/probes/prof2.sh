#!/bin/bash
# usage: prof2.sh JAR WAIT METHOD THR -- java main args...
cd /tmp/pv
JAR=$1; W=$2; M=$3; T=$4; shift 5
F=$(cat /work/main/perf/target/classes/rill-jvm.flags)
java $F -XX:+UnlockDiagnosticVMOptions -cp $JAR:cls "$@" > prof.out 2>&1 &
PID=$!
echo "pid $PID" > prof2.log
sleep $W
perf record -F 4999 -p $PID -o prof.data -- sleep 5 >> prof2.log 2>&1
jcmd $PID Compiler.perfmap >> prof2.log 2>&1
perf report -i prof.data --no-children --sort comm,sym -q 2>/dev/null | head -25 > prof-top.txt
python3 /tmp/pv/asmhist.py $PID "$M" $T > prof-asm.txt 2>&1
kill $PID
echo finished >> prof2.log

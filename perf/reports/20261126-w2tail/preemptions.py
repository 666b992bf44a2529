# Who preempted the two spinning W2 threads: `perf record -e sched:sched_switch,sched:sched_wakeup -a -o sched.data
# -- sleep 5` during a ViaLogTail run, then `perf script -i sched.data -F comm,tid,cpu,time,event,trace > sched.txt`
# and `python3 preemptions.py sched.txt`. A preemption is a switch away from `release` or `rill-s0-0` in state R
# (still runnable); its length is the time until the thread is switched back in.
import collections, re, sys
rx = re.compile(r'prev_comm=(.+?) prev_pid=(\d+) prev_prio=\d+ prev_state=(\S+) ==> next_comm=(.+?) next_pid=(\d+)')
out = {}
count = collections.Counter()
total = collections.defaultdict(float)
longest = []
for line in open(sys.argv[1]):
    if 'sched_switch' not in line:
        continue
    m = rx.search(line)
    if not m:
        continue
    t = float([p for p in line.split() if re.match(r'^\d+\.\d+:$', p)][0][:-1])
    prev_comm, prev_pid, prev_state, next_comm, next_pid = m.groups()
    if prev_comm in ('release', 'rill-s0-0') and prev_state.startswith('R'):
        out[prev_pid] = (t, next_comm, prev_comm)
    if next_pid in out:
        t0, by, victim = out.pop(next_pid)
        us = (t - t0) * 1e6
        count[(victim, by)] += 1
        total[(victim, by)] += us
        if us > 200:
            longest.append((round(t0, 4), victim, by, round(us)))
print('%-12s %-20s %6s %10s %8s' % ('thread', 'preempted by', 'times', 'total us', 'avg us'))
for k in sorted(count, key=lambda k: -total[k])[:20]:
    print('%-12s %-20s %6d %10.0f %8.0f' % (k[0], k[1], count[k], total[k], total[k] / count[k]))
print('preemptions over 200 us (time, thread, by, us):')
for x in longest:
    print(x)

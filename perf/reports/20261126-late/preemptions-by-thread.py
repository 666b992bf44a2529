import collections, re, sys
rx = re.compile(r'prev_comm=(.+?) prev_pid=(\d+) prev_prio=\d+ prev_state=(\S+) ==> next_comm=(.+?) next_pid=(\d+)')
victims = set(sys.argv[2].split(','))
out = {}; count = collections.Counter(); total = collections.defaultdict(float)
first = {}; last = {}; names = {}
longest = []
for line in open(sys.argv[1]):
    if 'sched_switch' not in line: continue
    m = rx.search(line)
    if not m: continue
    t = float([p for p in line.split() if re.match(r'^\d+\.\d+:$', p)][0][:-1])
    pc, pp, ps, nc, np_ = m.groups()
    for c,p in ((pc,pp),(nc,np_)):
        if c in victims:
            first.setdefault(p, t); last[p] = t; names[p] = c
    if pc in victims and ps.startswith('R'):
        out[pp] = (t, nc, pc)
    if np_ in out:
        t0, by, victim = out.pop(np_)
        us = (t - t0) * 1e6
        count[(np_, by)] += 1; total[(np_, by)] += us
        if us > 300: longest.append((round(t0, 4), victim, np_, by, round(us)))
t00 = min(first.values())
for tid in sorted(first, key=lambda p: first[p]):
    tot = sum(v for k,v in total.items() if k[0]==tid)
    print('%s %s %.2f..%.2f s  preempted %d times, %.0f us' % (names[tid], tid, first[tid]-t00, last[tid]-t00, sum(v for k,v in count.items() if k[0]==tid), tot))
    for k in sorted([k for k in count if k[0]==tid], key=lambda k: -total[k])[:8]:
        print('    %-28s %6d %9.0f us %6.0f avg' % (k[1], count[k], total[k], total[k]/count[k]))
print('over 300 us:')
for x in longest: print(round(x[0]-t00,3), x[1:])

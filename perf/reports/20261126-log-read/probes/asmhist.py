import subprocess,collections,sys,re
pid=sys.argv[1]; M=sys.argv[2]
thr=float(sys.argv[3]) if len(sys.argv)>3 else 0.3
out=subprocess.run(['perf','script','-i','/tmp/pv/prof.data','-F','ip'],capture_output=True,text=True).stdout.split()
c=collections.Counter(int(x,16) for x in out)
tot=sum(c.values())
best=None
for line in open(f'/tmp/perf-{pid}.map'):
    a,l,name=line.split(' ',2)
    if M not in name: continue
    a=int(a,16); l=int(l,16)
    n=sum(v for k,v in c.items() if a<=k<a+l)
    if best is None or n>best[2]: best=(a,l,n,name.strip())
a,l,n,name=best
print(f'{name}: {100*n/tot:.1f}% of {tot} samples')
# top symbols
with open(f'/proc/{pid}/mem','rb') as f:
    f.seek(a); code=f.read(l)
open('/tmp/pv/m.bin','wb').write(code)
asm=subprocess.run(['objdump','-D','-b','binary','-m','i386:x86-64',f'--adjust-vma={a}','/tmp/pv/m.bin'],capture_output=True,text=True).stdout.splitlines()
rows=[]
for L in asm:
    L2=L.strip()
    m=re.match(r'([0-9a-f]+):',L2)
    if not m: continue
    addr=int(m.group(1),16)
    rows.append((addr,c.get(addr,0),L2))
hot=[i for i,(ad,v,L) in enumerate(rows) if v*100>=n*thr]
show=set()
for i in hot:
    for j in range(i-5,i+2): show.add(j)
prev=-5
with open('/tmp/pv/m.asm','w') as fo:
    for ad,v,L in rows: fo.write(f'{100*v/max(n,1):5.1f}% {L}\n')
for i in sorted(show):
    if i<0 or i>=len(rows): continue
    if i!=prev+1: print('----')
    ad,v,L=rows[i]; print(f'{100*v/n:5.1f}% {L}')
    prev=i

int dev.rill.engine.internal.StageAgent.work(): 31.6% of 49740 samples
----
  0.0% 7f24c8f5e6fc:	8b 7b 18             	mov    0x18(%rbx),%edi
  0.0% 7f24c8f5e6ff:	8b c7                	mov    %edi,%eax
  0.0% 7f24c8f5e701:	8b 5b 14             	mov    0x14(%rbx),%ebx
  0.0% 7f24c8f5e704:	49 8b 7c dc 48       	mov    0x48(%r12,%rbx,8),%rdi
  0.1% 7f24c8f5e709:	41 8b 6c c4 0c       	mov    0xc(%r12,%rax,8),%ebp
  0.8% 7f24c8f5e70e:	85 ed                	test   %ebp,%ebp
  0.0% 7f24c8f5e710:	0f 86 7e 00 00 00    	jbe    0x7f24c8f5e794
----
  0.5% 7f24c8f5ebda:	41 81 fb 00 00 08 01 	cmp    $0x1080000,%r11d
  0.0% 7f24c8f5ebe1:	0f 85 09 28 00 00    	jne    0x7f24c8f613f0
  0.0% 7f24c8f5ebe7:	4d 8d 14 cc          	lea    (%r12,%rcx,8),%r10
  0.0% 7f24c8f5ebeb:	45 8b 52 14          	mov    0x14(%r10),%r10d
  0.1% 7f24c8f5ebef:	4f 8b 4c d4 48       	mov    0x48(%r12,%r10,8),%r9
  6.1% 7f24c8f5ebf4:	4c 8b c0             	mov    %rax,%r8
  0.0% 7f24c8f5ebf7:	49 83 c0 01          	add    $0x1,%r8
----
  0.0% 7f24c8f5ef6a:	0f 87 0d 4c 00 00    	ja     0x7f24c8f63b7d
  0.0% 7f24c8f5ef70:	c3                   	ret
  0.5% 7f24c8f5ef71:	4c 8b 94 24 c8 00 00 	mov    0xc8(%rsp),%r10
  0.0% 7f24c8f5ef78:	00
  0.1% 7f24c8f5ef79:	49 83 c2 20          	add    $0x20,%r10
  1.3% 7f24c8f5ef7d:	4c 89 94 24 c8 00 00 	mov    %r10,0xc8(%rsp)
  0.0% 7f24c8f5ef84:	00
  0.2% 7f24c8f5ef85:	4c 8b 94 24 c8 00 00 	mov    0xc8(%rsp),%r10
  0.0% 7f24c8f5ef8c:	00
  1.2% 7f24c8f5ef8d:	4d 8b ca             	mov    %r10,%r9
  0.3% 7f24c8f5ef90:	49 8b 19             	mov    (%r9),%rbx
 15.1% 7f24c8f5ef93:	4c 8b eb             	mov    %rbx,%r13
  0.2% 7f24c8f5ef96:	4d 8b 41 10          	mov    0x10(%r9),%r8
  0.4% 7f24c8f5ef9a:	4c 3b 44 24 78       	cmp    0x78(%rsp),%r8
  0.0% 7f24c8f5ef9f:	0f 8c 6f 18 00 00    	jl     0x7f24c8f60814
  0.2% 7f24c8f5efa5:	4c 3b 84 24 80 00 00 	cmp    0x80(%rsp),%r8
  0.0% 7f24c8f5efac:	00
  0.0% 7f24c8f5efad:	0f 8d 2b 0f 00 00    	jge    0x7f24c8f5fede
  1.0% 7f24c8f5efb3:	44 8b 94 24 9c 00 00 	mov    0x9c(%rsp),%r10d
  0.0% 7f24c8f5efba:	00
  0.2% 7f24c8f5efbb:	4f 89 44 d4 10       	mov    %r8,0x10(%r12,%r10,8)
  1.0% 7f24c8f5efc0:	4b 89 5c d4 18       	mov    %rbx,0x18(%r12,%r10,8)
  0.3% 7f24c8f5efc5:	47 8b 54 d4 64       	mov    0x64(%r12,%r10,8),%r10d
  0.6% 7f24c8f5efca:	49 8b 59 08          	mov    0x8(%r9),%rbx
  0.2% 7f24c8f5efce:	4c 8b f3             	mov    %rbx,%r14
  0.5% 7f24c8f5efd1:	44 8b 9c 24 9c 00 00 	mov    0x9c(%rsp),%r11d
  0.0% 7f24c8f5efd8:	00
  0.2% 7f24c8f5efd9:	4b 89 5c dc 20       	mov    %rbx,0x20(%r12,%r11,8)
  1.2% 7f24c8f5efde:	49 8b 59 18          	mov    0x18(%r9),%rbx
  0.1% 7f24c8f5efe2:	44 8b 44 24 70       	mov    0x70(%rsp),%r8d
  0.8% 7f24c8f5efe7:	45 3b d0             	cmp    %r8d,%r10d
  0.0% 7f24c8f5efea:	0f 85 35 0e 00 00    	jne    0x7f24c8f5fe25
  0.3% 7f24c8f5eff0:	44 8b 9c 24 9c 00 00 	mov    0x9c(%rsp),%r11d
  0.0% 7f24c8f5eff7:	00
  0.3% 7f24c8f5eff8:	4b 89 5c dc 50       	mov    %rbx,0x50(%r12,%r11,8)
  0.3% 7f24c8f5effd:	45 8b d3             	mov    %r11d,%r10d
  0.5% 7f24c8f5f000:	44 8b 5c 24 74       	mov    0x74(%rsp),%r11d
  0.2% 7f24c8f5f005:	47 89 5c d4 58       	mov    %r11d,0x58(%r12,%r10,8)
  1.1% 7f24c8f5f00a:	48 8b 2c 24          	mov    (%rsp),%rbp
  0.2% 7f24c8f5f00e:	44 8b 45 10          	mov    0x10(%rbp),%r8d
  1.0% 7f24c8f5f012:	47 8b 4c c4 40       	mov    0x40(%r12,%r8,8),%r9d
  0.8% 7f24c8f5f017:	45 85 c9             	test   %r9d,%r9d
  0.0% 7f24c8f5f01a:	0f 85 b8 16 00 00    	jne    0x7f24c8f606d8
  0.4% 7f24c8f5f020:	43 8b 4c c4 34       	mov    0x34(%r12,%r8,8),%ecx
  0.3% 7f24c8f5f025:	47 8b 54 c4 3c       	mov    0x3c(%r12,%r8,8),%r10d
  0.6% 7f24c8f5f02a:	4f 63 5c d4 0c       	movslq 0xc(%r12,%r10,8),%r11
  1.3% 7f24c8f5f02f:	4d 85 ed             	test   %r13,%r13
  0.0% 7f24c8f5f032:	0f 8c 68 18 00 00    	jl     0x7f24c8f608a0
  1.5% 7f24c8f5f038:	4d 3b eb             	cmp    %r11,%r13
  0.0% 7f24c8f5f03b:	0f 8d 0e 14 00 00    	jge    0x7f24c8f6044f
  0.9% 7f24c8f5f041:	4d 8b cd             	mov    %r13,%r9
  0.0% 7f24c8f5f044:	49 c1 e1 04          	shl    $0x4,%r9
  1.2% 7f24c8f5f048:	4f 03 4c d4 10       	add    0x10(%r12,%r10,8),%r9
  0.7% 7f24c8f5f04d:	49 8b f1             	mov    %r9,%rsi
  0.4% 7f24c8f5f050:	48 8b 5e 08          	mov    0x8(%rsi),%rbx
 17.9% 7f24c8f5f054:	48 8b 3e             	mov    (%rsi),%rdi
  1.3% 7f24c8f5f057:	48 85 db             	test   %rbx,%rbx
  0.0% 7f24c8f5f05a:	0f 84 35 02 00 00    	je     0x7f24c8f5f295
  1.3% 7f24c8f5f060:	85 c9                	test   %ecx,%ecx
  0.0% 7f24c8f5f062:	0f 85 fc 18 00 00    	jne    0x7f24c8f60964
  1.0% 7f24c8f5f068:	4d 8b ee             	mov    %r14,%r13
  0.0% 7f24c8f5f06b:	4c 03 ef             	add    %rdi,%r13
  0.6% 7f24c8f5f06e:	4c 89 2e             	mov    %r13,(%rsi)
  3.0% 7f24c8f5f071:	48 83 c3 01          	add    $0x1,%rbx
  0.4% 7f24c8f5f075:	48 89 5e 08          	mov    %rbx,0x8(%rsi)
  1.5% 7f24c8f5f079:	44 8b 9c 24 c4 00 00 	mov    0xc4(%rsp),%r11d
  0.0% 7f24c8f5f080:	00
  0.4% 7f24c8f5f081:	41 ff c3             	inc    %r11d
  0.2% 7f24c8f5f084:	44 89 9c 24 c4 00 00 	mov    %r11d,0xc4(%rsp)
  0.0% 7f24c8f5f08b:	00
  0.6% 7f24c8f5f08c:	44 3b 9c 24 90 00 00 	cmp    0x90(%rsp),%r11d
  0.0% 7f24c8f5f093:	00
----
  0.1% 7f24c8f5f14c:	4d 8d 1c cc          	lea    (%r12,%rcx,8),%r11
  0.1% 7f24c8f5f150:	4d 63 c0             	movslq %r8d,%r8
  0.0% 7f24c8f5f153:	47 8b 9c 83 90 00 00 	mov    0x90(%r11,%r8,4),%r11d
  0.0% 7f24c8f5f15a:	00
  0.4% 7f24c8f5f15b:	47 8b 4c dc 08       	mov    0x8(%r12,%r11,8),%r9d
  2.3% 7f24c8f5f160:	41 81 f9 e8 b0 01 01 	cmp    $0x101b0e8,%r9d
  0.0% 7f24c8f5f167:	0f 85 a3 3b 00 00    	jne    0x7f24c8f62d10
  0.1% 7f24c8f5f16d:	4b 8d 0c dc          	lea    (%r12,%r11,8),%rcx
  0.0% 7f24c8f5f171:	44 8b 41 60          	mov    0x60(%rcx),%r8d
  1.4% 7f24c8f5f175:	41 81 f8 40 0b e9 d0 	cmp    $0xd0e90b40,%r8d
  0.0% 7f24c8f5f17c:	0f 85 d2 08 00 00    	jne    0x7f24c8f5fa54
----
  0.0% 7f24c8f5f280:	44 89 94 24 e0 00 00 	mov    %r10d,0xe0(%rsp)
  0.0% 7f24c8f5f287:	00
  0.0% 7f24c8f5f288:	44 89 84 24 c4 00 00 	mov    %r8d,0xc4(%rsp)
  0.0% 7f24c8f5f28f:	00
  0.0% 7f24c8f5f290:	e9 f0 fc ff ff       	jmp    0x7f24c8f5ef85
  0.9% 7f24c8f5f295:	4b 8b 6c d4 28       	mov    0x28(%r12,%r10,8),%rbp
  2.3% 7f24c8f5f29a:	43 8b 54 d4 38       	mov    0x38(%r12,%r10,8),%edx
  0.0% 7f24c8f5f29f:	45 8b dd             	mov    %r13d,%r11d
----
  0.0% 7f24c8f5f2a6:	43 89 44 d4 38       	mov    %eax,0x38(%r12,%r10,8)
  0.1% 7f24c8f5f2ab:	4c 63 d2             	movslq %edx,%r10
  0.1% 7f24c8f5f2ae:	49 c1 e2 02          	shl    $0x2,%r10
  0.0% 7f24c8f5f2b2:	4c 03 d5             	add    %rbp,%r10
  0.0% 7f24c8f5f2b5:	45 89 1a             	mov    %r11d,(%r10)
  1.3% 7f24c8f5f2b8:	e9 a3 fd ff ff       	jmp    0x7f24c8f5f060
  0.0% 7f24c8f5f2bd:	45 33 db             	xor    %r11d,%r11d
----
  0.0% 7f24c8f5f534:	0f 85 62 29 00 00    	jne    0x7f24c8f61e9c
  0.0% 7f24c8f5f53a:	4d 8d 14 ec          	lea    (%r12,%rbp,8),%r10
  0.0% 7f24c8f5f53e:	45 8b 42 18          	mov    0x18(%r10),%r8d
  0.0% 7f24c8f5f542:	45 8b 52 14          	mov    0x14(%r10),%r10d
  0.0% 7f24c8f5f546:	4b 8b 44 d4 48       	mov    0x48(%r12,%r10,8),%rax
  1.1% 7f24c8f5f54b:	43 8b 6c c4 0c       	mov    0xc(%r12,%r8,8),%ebp
  0.7% 7f24c8f5f550:	85 ed                	test   %ebp,%ebp
  0.0% 7f24c8f5f552:	76 70                	jbe    0x7f24c8f5f5c4

import * as assert from 'node:assert/strict';
import { runC, startC } from '../lang/c/interpreter/runC';

describe('Session: the machine behind the program', () => {
  it('marks locals uninitialized until they are written', async () => {
    const s = await startC('int main(void) {\n  int x;\n  int y = 1;\n  x = y + 1;\n  return x;\n}');
    const slot = (name: string) => s.snapshot().frames[0].slots.find((v) => v.name === name)!;
    assert.equal(slot('x').uninitialized, true);
    assert.equal(slot('y').uninitialized, true);
    s.stepIn();
    assert.equal(slot('y').uninitialized, false);
    assert.equal(slot('x').uninitialized, true);
    s.stepIn();
    assert.equal(slot('x').uninitialized, false);
    assert.equal(slot('x').value, '2');
  });

  it('keeps frames, locals and arguments in stack memory at SysV addresses', async () => {
    const s = await startC('int f(int a, int b) {\n  int c = a + b;\n  return c;\n}\nint main(void) {\n  return f(1, 2);\n}');
    s.stepIn();
    const snap = s.snapshot();
    assert.deepEqual(snap.frames.map((f) => f.functionName), ['f', 'main']);
    const f = snap.frames[0];
    assert.equal(f.slots.find((x) => x.name === 'a')!.value, '1');
    assert.equal(f.slots.find((x) => x.name === 'b')!.kind, 'parameter');
    assert.equal(BigInt(f.cfa) - BigInt(f.rbp), 16n);
    assert.ok(BigInt(f.slots[0].address) < BigInt(f.rbp));
  });

  it('a NULL dereference is SIGSEGV with the fault reason', async () => {
    const run = await runC('int main(void) {\n  int *p = 0;\n  *p = 1;\n  return 0;\n}');
    assert.equal(run.code, null);
    assert.equal(run.signal, 'SIGSEGV');
    assert.equal(run.session.program.error?.kind, 'null-dereference');
    assert.equal(run.session.program.error?.line, 3);
    assert.match(run.session.program.error!.message, /NULL pointer/);
  });

  it('runaway recursion overflows the 8 MiB stack into the guard page', async () => {
    const run = await runC('int f(int n) {\n  return f(n + 1) + 1;\n}\nint main(void) {\n  return f(0);\n}');
    assert.equal(run.signal, 'SIGSEGV');
    assert.equal(run.session.program.error?.kind, 'stack-overflow');
  });

  it("stdout's buffer is a 4096-byte malloc right after the tcache, as in a native run into a pipe", async () => {
    const s = await startC('#include <stdio.h>\n#include <stdlib.h>\nint main(void) {\n  printf("hi\\n");\n  char *p = malloc(10);\n  return p == 0;\n}');
    s.stepIn();
    s.stepIn();
    s.stepIn();
    const chunks = s.snapshot().heap.window.chunks;
    assert.equal(chunks[0].size, 0x290); // tcache_perthread_struct
    assert.deepEqual({ address: chunks[1].address, size: chunks[1].size, state: chunks[1].state }, { address: '0x555555559290', size: 0x1010, state: 'in-use' });
    assert.equal(chunks[2].userPtr, '0x55555555a2b0');
    const p = s.snapshot().frames[0].slots.find((x) => x.name === 'p')!;
    assert.match(p.value, /^0x55555555a2b0 /);
  });

  it('a double free (the checks going on past it) aborts with glibc\'s message on stderr; buffered stdout is lost', async () => {
    const run = await runC('#include <stdio.h>\n#include <stdlib.h>\nint main(void) {\n  printf("before\\n");\n  char *p = malloc(8);\n  free(p);\n  free(p);\n  return 0;\n}', { keepGoing: true });
    assert.equal(run.signal, 'SIGABRT');
    assert.equal(run.stderr, 'free(): double free detected in tcache 2\n');
    assert.equal(run.stdout, '');
  });

  it('assert failure prints glibc\'s message and aborts', async () => {
    const run = await runC('#include <assert.h>\nint main(void) {\n  int x = 1;\n  assert(x == 2);\n  return 0;\n}');
    assert.equal(run.signal, 'SIGABRT');
    assert.equal(run.stderr, "/home/student/test: test.c:4: main: Assertion `x == 2' failed.\n");
  });

  it('reads stdin through a 4096-byte buffer', async () => {
    const run = await runC('#include <stdio.h>\nint main(void) {\n  int a, b;\n  if (scanf("%d %d", &a, &b) != 2) return 1;\n  printf("%d\\n", a * b);\n  return getchar() == \'\\n\' ? 7 : 8;\n}', { stdin: '6 7\n' });
    assert.equal(run.stdout, '42\n');
    assert.equal(run.code, 7);
  });

  it('is deterministic: the same program gives the same run', async () => {
    const src = '#include <stdio.h>\n#include <stdlib.h>\nint main(void) {\n  srand(42);\n  for (int i = 0; i < 3; i++) printf("%d %p\\n", rand() % 100, malloc(i * 50));\n  return 0;\n}';
    const a = await runC(src);
    const b = await runC(src);
    assert.equal(a.stdout, b.stdout);
    assert.equal(a.session.steps, b.session.steps);
  });
});

import * as assert from 'node:assert/strict';
import { runC, startC } from './runC';

const UAF = `#include <stdio.h>
#include <stdlib.h>
int main(void) {
  long *p = malloc(24);
  p[0] = 1;
  free(p);
  long x = p[0];
  printf("%ld\\n", x);
  return 0;
}`;

describe('memory errors: stopping, going on, stepping back', () => {
  it('stops at the first error as a sanitizer build does: _exit(1), buffered stdout lost', async () => {
    const run = await runC(`#include <stdio.h>\n#include <stdlib.h>\nint main(void) {\n  printf("before\\n");\n  char *s = malloc(4);\n  s[4] = 0;\n  printf("after\\n");\n  return 0;\n}`);
    assert.equal(run.code, 1);
    assert.equal(run.stdout, '');
    const errors = run.session.program.memoryErrors;
    assert.deepEqual(errors.map((e) => [e.kind, e.line, e.access, e.size]), [['heap-buffer-overflow', 6, 'write', 1]]);
    assert.equal(run.session.program.error?.kind, 'heap-buffer-overflow');
    const end = run.session.lastEvent;
    assert.equal(end.kind === 'exited' && end.message, 'heap-buffer-overflow at line 6: 0 bytes after the 4-byte block allocated at line 5 (in main)');
    assert.match(errors[0].message, /^0 bytes after the 4-byte block allocated at line 5 \(in main\)$/);
    // After the tcache (0x290) and stdout's 4096-byte buffer: glibc's own address, not a checker's.
    assert.equal(errors[0].address, '0x55555555a2b4');
  });

  it('keep-going: the access happens as it would natively (a freed block holds glibc\'s tcache link), each error once per statement', async () => {
    const run = await runC(UAF, { keepGoing: true });
    assert.equal(run.code, 0);
    // The freed chunk's first word is its tcache next pointer, safe-linked: (address >> 12) ^ NULL.
    assert.equal(run.stdout, `${0x555555559}\n`);
    assert.deepEqual(run.session.program.memoryErrors.map((e) => [e.kind, e.line]), [['use-after-free', 7]]);
  });

  it('keep-going: a double free is reported, then glibc aborts as it would', async () => {
    const run = await runC('#include <stdlib.h>\nint main(void) {\n  char *p = malloc(8);\n  free(p);\n  free(p);\n  return 0;\n}', { keepGoing: true });
    assert.equal(run.signal, 'SIGABRT');
    assert.equal(run.stderr, 'free(): double free detected in tcache 2\n');
    const [e] = run.session.program.memoryErrors;
    assert.deepEqual([e.kind, e.line, e.allocatedAt?.line, e.freedAt?.line], ['double-free', 5, 3, 4]);
  });

  it('keep-going: several kinds in one run, in the order they happen', async () => {
    const run = await runC(`#include <stdio.h>\n#include <stdlib.h>\nint main(void) {\n  int n;\n  int a[2];\n  int *h = malloc(8);\n  if (n) puts("n");\n  for (int i = 0; i < 3; i++) a[i] = i;\n  h[2] = a[0];\n  free(h);\n  return n;\n}`, { keepGoing: true });
    assert.deepEqual(run.session.program.memoryErrors.map((e) => [e.kind, e.line]), [
      ['uninitialized-read', 7], ['stack-buffer-overflow', 8], ['heap-buffer-overflow', 9],
    ]);
    // gcc's frame puts a[2] on n: going on, the overflow wrote n, as it does natively.
    assert.equal(run.code, 2);
  });

  it('without checks the program runs as an unchecked build: the overflow lands in malloc\'s slack', async () => {
    const run = await runC('#include <stdlib.h>\nint main(void) {\n  char *s = malloc(4);\n  s[4] = 7;\n  return s[4];\n}', { memoryChecks: false });
    assert.equal(run.code, 7);
    assert.deepEqual(run.session.program.memoryErrors, []);
  });

  it('stepping back forgets errors not yet made and restores the poison, with and without checkpoints', async () => {
    for (const options of [{ checkpointInterval: 1 }, { noCheckpoints: true }]) {
      const s = await startC(UAF, { keepGoing: true, ...options });
      s.run();
      assert.equal(s.program.memoryErrors.length, 1);
      // Back to line 5 (before the store and the free): nothing found yet, p's block live again.
      while (s.lastEvent.kind !== 'stopped' || s.lastEvent.line !== 5) s.stepBack();
      assert.equal(s.program.memoryErrors.length, 0);
      assert.deepEqual(s.snapshot().errors, []);
      s.stepIn();
      s.stepIn();
      assert.equal(s.program.memoryErrors.length, 0);
      s.stepIn();
      assert.deepEqual(s.program.memoryErrors.map((e) => [e.kind, e.line]), [['use-after-free', 7]]);
      s.run();
      assert.equal(s.program.memoryErrors.length, 1);
      assert.equal(s.program.vm!.stdout, `${0x555555559}\n`);
    }
  });

  it('an uninitialized value copied around is no error; Memcheck reports only its use', async () => {
    const run = await runC('int id(int v) {\n  return v;\n}\nint main(void) {\n  int x;\n  int y = x;\n  int z = id(y);\n  int w = z + 1;\n  if (w > 0)\n    return 1;\n  return 0;\n}');
    assert.deepEqual(run.session.program.memoryErrors.map((e) => [e.kind, e.line]), [['uninitialized-read', 9]]);
  });

  it('a struct copy keeps each byte\'s definedness: padding and unset fields are no error until used', async () => {
    const run = await runC('struct s { char c; long l; int i; };\nint main(void) {\n  struct s a;\n  a.c = 1;\n  a.l = 2;\n  struct s b = a;\n  struct s c;\n  c = b;\n  return c.c + (int)c.l;\n}');
    assert.equal(run.code, 3);
    assert.deepEqual(run.session.program.memoryErrors, []);
  });

  it("library calls are checked over their whole range against the array an argument names (printf's %s, with its precision)", async () => {
    const source = (conversion: string) => `#include <stdio.h>\nint main(void) {\n  char word[4];\n  int after = 7;\n  word[0] = 'a'; word[1] = 'b'; word[2] = 'c'; word[3] = 'd';\n  printf("%d ${conversion}\\n", after, word);\n  return 0;\n}`;
    const unterminated = await runC(source('%s'));
    const [e] = unterminated.session.program.memoryErrors;
    // gcc's frame has 'after' right behind 'word': the string runs on into it (strlen 5, 6 bytes read).
    assert.deepEqual([e.kind, e.line, e.access, e.size], ['stack-buffer-overflow', 6, 'read', 6]);
    assert.match(e.message, /^0 bytes after 'word' \(char \[4\], 4 bytes, in main\(\)'s frame, declared at line 3\)$/);
    const bounded = await runC(source('%.4s'));
    assert.equal(bounded.stdout, '7 abcd\n');
    assert.deepEqual(bounded.session.program.memoryErrors, []);
  });

  it("calloc's zeroes are defined, even in a chunk whose previous block was never written", async () => {
    const run = await runC('#include <stdio.h>\n#include <stdlib.h>\nint main(void) {\n  char *a[8];\n  for (int i = 0; i < 8; i++) a[i] = malloc(64);\n  for (int i = 0; i < 8; i++) free(a[i]);\n  int *b = calloc(16, 4);\n  if (b[0] == 0 && b == (int *)a[7])\n    puts("reused, zero");\n  free(b);\n  return 0;\n}');
    assert.equal(run.stdout, 'reused, zero\n');
    assert.deepEqual(run.session.program.memoryErrors, []);
  });

  it('snapshots list the errors found so far', async () => {
    const s = await startC(UAF, { keepGoing: true });
    s.run();
    const errors = s.snapshot().errors!;
    assert.equal(errors.length, 1);
    assert.equal(errors[0].freedAt?.line, 6);
    assert.deepEqual(errors[0].at?.stack, [{ function: 'main', line: 7 }]);
  });
});

import * as assert from 'node:assert/strict';
import { errorsOf, runC } from './runC';

/**
 * The cases of the added library functions and builtins that a corpus program cannot show
 * (test/fixtures/c-programs/gcc_builtins_bits, string_gnu_functions, stdlib_math_extras compare
 * the rest with gcc + glibc): undefined builtins stop the run and say why, glibc's documented
 * failures, and what the range designators refuse as gcc does.
 */
describe('C library extras and gcc builtins', () => {
  it('__builtin_ctz(0) and __builtin_clz(0) stop the run naming the undefined result', async () => {
    for (const name of ['__builtin_ctz', '__builtin_clzll']) {
      const run = await runC(`int main(void) { volatile unsigned z = 0; return ${name}(z); }`);
      assert.equal(run.session.program.vm!.error?.kind, 'unsupported');
      assert.match(run.session.program.vm!.error!.message, new RegExp(`${name}\\(0\\), whose result gcc leaves undefined`));
    }
  });

  it('reaching __builtin_unreachable() stops the run; a branch around it does not', async () => {
    const reached = await runC('int main(void) { volatile int x = 1; if (x) __builtin_unreachable(); return 0; }');
    assert.match(reached.session.program.vm!.error!.message, /reaching __builtin_unreachable\(\)/);
    const avoided = await runC('int main(void) { volatile int x = 0; if (x) __builtin_unreachable(); return 3; }');
    assert.equal(avoided.code, 3);
  });

  it('reallocarray returns NULL with ENOMEM when n * size overflows, and leaves the block alone (glibc 2.36, checked natively)', async () => {
    const run = await runC(`#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <stdint.h>
int main(void) {
  int *p = malloc(8);
  p[0] = 5;
  errno = 0;
  void *q = reallocarray(p, SIZE_MAX / 2, 4);
  printf("%s %d %d\\n", q == NULL ? "NULL" : "block", errno == ENOMEM, p[0]);
  free(p);
  return 0;
}`);
    assert.equal(run.stdout, 'NULL 1 5\n');
  });

  it('getenv points into the environment exec put on the stack', async () => {
    const run = await runC(`#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv, char **envp) {
  char *home = getenv("HOME");
  for (int i = 0; envp[i]; i++) if (envp[i] + 5 == home) printf("HOME=%s is envp[%d]\\n", home, i);
  printf("%s %s\\n", getenv("HOM") ? "prefix matched" : "no prefix match", getenv("HOME=") ? "bad" : "no '='");
  return argc - 1;
}`);
    assert.equal(run.stdout, 'HOME=/home/student is envp[0]\nno prefix match no \'=\'\n');
  });

  it('a range designator must be constant and not empty, as gcc says', async () => {
    assert.deepEqual(await errorsOf('int a[4] = {[3 ... 1] = 1}; int main(void) { return a[0]; }'), ['empty index range in initializer']);
    assert.deepEqual(await errorsOf('int a[4] = {[0 ... 4] = 1}; int main(void) { return a[0]; }'), ['array index in initializer exceeds array bounds']);
  });

  it('nested range designators fill every element of every row', async () => {
    const run = await runC(`#include <stdio.h>
int grid[3][4] = {[0 ... 1][1 ... 2] = 7, [2] = {[3] = 1}};
int main(void) { for (int i = 0; i < 3; i++) for (int j = 0; j < 4; j++) printf("%d", grid[i][j]); printf("\\n"); return 0; }`);
    assert.equal(run.stdout, '077007700001\n');
  });

  it('longjmp into a function that has returned, or with a jmp_buf setjmp never filled, stops the run saying so', async () => {
    const returned = await runC(`#include <setjmp.h>
jmp_buf env;
static int arm(void) { return setjmp(env); }
int main(void) { if (arm() == 0) longjmp(env, 1); return 0; }`);
    assert.match(returned.session.program.vm!.error!.message, /longjmp to a setjmp whose function has returned/);
    const unset = await runC('#include <setjmp.h>\nint main(void) { jmp_buf env; longjmp(env, 1); }');
    assert.match(unset.session.program.vm!.error!.message, /longjmp with a jmp_buf that setjmp did not fill/);
  });
});

import * as assert from 'node:assert/strict';
import { errorsOf, returns, runC, startC } from './runC';

/**
 * Variable-length arrays (C11 6.7.6.2) as gcc -O0 makes them: the lengths evaluated once at the
 * declaration, the array taken from the stack below the frame (rsp moved down by its size
 * rounded up to 16) and given back when its block is left. Expected values are gcc 12's; the
 * corpus program vla_stack.c checks the placement against a live gcc run.
 */
describe('C interpreter: variable-length arrays', () => {
  it('sizeof is computed from the lengths as they were at the declaration', async () => {
    await returns(24, 'int n = 6; int a[n]; n = 100; return sizeof a;');
    await returns(60, 'int r = 3, c = 5; int m[r][c]; r = c = 1; return sizeof m + sizeof m[0] - 20;');
    await returns(7, 'int n = 6; size_t s = sizeof(char[n++]); return s == 6 ? n : 0;'); // a type name's length is evaluated
  });

  it('indexing, 2-D rows and pointers to VLAs scale by the run-time row size', async () => {
    await returns(23, 'int r = 3, c = 4; int m[r][c]; for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) m[i][j] = i * 10 + j; return m[2][3];');
    await returns(1, 'int c = 4; int m[3][c]; int (*p)[c] = m; p += 2; return (char *)p - (char *)m == 32 && &m[2][0] - &m[0][0] == 8;');
  });

  it('VLA parameters take their lengths from the earlier parameters', async () => {
    await returns(21, 'int m[2][3] = {{1, 2, 3}, {4, 5, 6}}; return total(2, 3, m);',
      'int total(int rows, int cols, int a[rows][cols]) { int t = 0; for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) t += a[r][c]; return t; }');
    await returns(12, 'int m[3][4]; return rowBytes(3, 4, m);', 'long rowBytes(int n, int k, int a[n][k]) { return sizeof a[0] - sizeof(int); }');
  });

  it('the array is below the frame, 16-byte aligned, and the next one right below it', async () => {
    await returns(1, 'int x = 1; int n = 10; char a[n]; char b[n + 7]; return (uintptr_t)a < (uintptr_t)&x && (uintptr_t)a % 16 == 0 && (uintptr_t)a - (uintptr_t)b == 32;');
  });

  it('leaving the block gives the stack back: by its end, break, continue and goto', async () => {
    await returns(1, 'uintptr_t p[3]; for (int i = 0; i < 3; i++) { char t[20 + i]; p[i] = (uintptr_t)t; } return p[0] == p[1] && p[1] == p[2];');
    await returns(1, 'uintptr_t p = 0, q; int n = 40; for (;;) { char t[n]; p = (uintptr_t)t; break; } { char u[n]; q = (uintptr_t)u; } return p == q;');
    await returns(1, 'uintptr_t p[2]; int n = 40; for (int i = 0; i < 2; i++) { char t[n]; p[i] = (uintptr_t)t; if (i == 0) continue; } return p[0] == p[1];');
    await returns(1, 'uintptr_t p, q; int n = 40; { char t[n]; p = (uintptr_t)t; goto out; } out: { char u[n]; q = (uintptr_t)u; } return p == q;');
  });

  it('every call gets its own VLA in its own frame; returning frees it', async () => {
    await returns(1, 'uintptr_t a = f(8), b = f(8); return a == b && g(3) == 6;',
      'uintptr_t f(int n) { char v[n]; return (uintptr_t)v; }\nint g(int n) { int v[n]; v[0] = n; return n == 0 ? 0 : v[0] + g(n - 1); }');
  });

  it('a VLA too large for the stack runs into the guard page', async () => {
    const run = await runC('int main(void) { long n = 100000000; char big[n]; big[0] = 1; return big[0]; }');
    assert.equal(run.signal, 'SIGSEGV');
    assert.equal(run.session.program.error?.kind, 'stack-overflow');
  });

  it('the views show the array with its lengths, in the frame\'s memory', async () => {
    const s = await startC('int main(void) {\n  int n = 3;\n  int v[n];\n  for (int i = 0; i < n; i++) v[i] = i + 7;\n  return v[2];\n}\n');
    const slot = () => s.snapshot().frames[0].slots.find((x) => x.name === 'v')!;
    assert.equal(slot().value, '<not allocated>');
    s.runToLine(5);
    assert.equal(slot().type, 'int [3]');
    assert.equal(slot().value, '{7, 8, 9}');
    assert.equal(slot().size, 12);
    const described = s.program.vm!.process.describeAddress(Number(slot().address) + 4);
    assert.equal(described.frame?.functionName, 'main');
    assert.equal(described.slot?.name, 'v');
    assert.equal(described.slot?.typeName, 'int [3]');
  });

  it('stepping back over VLA blocks restores rsp and the arrays', async () => {
    const s = await startC('int main(void) {\n  int t = 0;\n  for (int i = 1; i < 6; i++) {\n    int v[i];\n    v[i - 1] = i;\n    t += v[i - 1];\n  }\n  return t;\n}\n', { checkpointInterval: 4 });
    const states: string[] = [];
    const state = () => JSON.stringify([s.snapshot().registers.rsp, s.snapshot().frames[0].slots.find((x) => x.name === 'v')]);
    for (let i = 0; i < 14; i++) {
      states.push(state());
      s.stepIn();
    }
    for (let i = 13; i >= 0; i--) {
      s.stepBack();
      assert.equal(state(), states[i], `after stepping back to step ${i}`);
    }
  });

  it('what C forbids for VLAs is an error in gcc\'s words', async () => {
    assert.match((await errorsOf('int n = 3;\nint g[n];\nint main(void) { return 0; }\n'))[0], /not a constant expression: a variable-length array can only be declared in a function/);
    assert.deepEqual(await errorsOf('int main(void) { int n = 2; int a[n] = {1, 2}; return a[0]; }\n'), ['variable-sized object may not be initialized']);
    assert.match((await errorsOf('int main(void) { int n = 2; static int a[n]; return 0; }\n'))[0], /storage size of 'a' isn't constant/);
    assert.deepEqual(await errorsOf('int main(void) { int n = 2; switch (n) { int a[n]; case 2: return 1; } return 0; }\n'), ['switch jumps into scope of identifier with variably modified type']);
    assert.deepEqual(await errorsOf('int main(void) { int n = 2; goto in; { int a[n]; in: return a[0]; } }\n'), ['jump into scope of identifier with variably modified type']);
    assert.match((await errorsOf('int main(void) { int n = 2; struct { int a[n]; } s; return 0; }\n'))[0], /variable-length array in a struct or union \(a GNU extension\) is not supported yet/);
  });
});

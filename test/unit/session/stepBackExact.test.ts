import * as assert from 'node:assert/strict';
import type { CSession } from '../lang/c/interpreter/runC';
import { startC } from '../lang/c/interpreter/runC';
import { machineFingerprint } from './machineFingerprint';

/**
 * Step back restores a checkpoint (frames shared copy-on-write with the running machine) and
 * replays. These tests go back across mallocs, frees, a realloc, an mmapped chunk, recursion and
 * a qsort whose comparator runs inside the library call, and compare the whole machine with a
 * fresh session stepped forward to the same statement.
 */
const PROGRAM = `#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct node { int value; struct node *next; };

static int compare(const void *a, const void *b) {
  return *(const int *)a - *(const int *)b;
}

struct node *push(struct node *head, int v) {
  struct node *n = malloc(sizeof *n);
  n->value = v;
  n->next = head;
  return n;
}

int depth(int n) {
  return n == 0 ? 0 : 1 + depth(n - 1);
}

int main(void) {
  struct node *list = NULL;
  char *grown = NULL;
  int values[12];
  for (int i = 0; i < 40; i++) {
    list = push(list, i * 7 % 13);
    if (i % 5 == 0 && list->next) {
      struct node *second = list->next;
      list->next = second->next;
      free(second);
    }
    if (i % 9 == 0) {
      grown = realloc(grown, 200 + i * 300);
      memset(grown, i, 100);
    }
    if (i % 3 == 0) printf("%d:%d ", i, depth(i % 6));
  }
  char *large = malloc(200000);
  large[0] = 1;
  for (int i = 0; i < 12; i++) values[i] = (i * 5) % 12;
  qsort(values, 12, sizeof values[0], compare);
  free(large);
  int sum = 0;
  while (list) {
    struct node *next = list->next;
    sum += list->value;
    free(list);
    list = next;
  }
  free(grown);
  printf("\\n%d %d %d\\n", sum, values[0], values[11]);
  return 0;
}
`;
/** What gcc -O0 and glibc 2.36 print for PROGRAM on this machine. */
const NATIVE_STDOUT = '0:0 3:3 6:0 9:3 12:0 15:3 18:0 21:3 24:0 27:3 30:0 33:3 36:0 39:3 \n187 0 11\n';

/** A session without history, stepped forward `steps` statements from main's entry. */
async function freshAt(steps: number): Promise<CSession> {
  const s = await startC(PROGRAM, { noCheckpoints: true });
  while (s.steps < steps) s.stepIn();
  assert.equal(s.steps, steps);
  return s;
}

async function assertSameAsFresh(s: CSession): Promise<void> {
  const fresh = await freshAt(s.steps);
  assert.deepEqual(machineFingerprint(s), machineFingerprint(fresh), `machine differs from a fresh run at step ${s.steps}`);
}

describe('Session: step back is exact (copy-on-write checkpoints)', function () {
  this.timeout(120_000);

  it('runs the program as gcc does', async () => {
    const s = await startC(PROGRAM, { checkpointInterval: 5, checkpointsByCount: true });
    assert.equal(s.run().kind, 'exited');
    assert.equal(s.program.vm!.stdout, NATIVE_STDOUT);
  });

  it('steps back from the end across frees, reallocs, an mmapped chunk and recursion, byte for byte', async () => {
    const s = await startC(PROGRAM, { checkpointInterval: 5, checkpointsByCount: true });
    s.run();
    const total = s.steps;
    assert.ok(s.checkpointCount > 20, `expected many checkpoints, got ${s.checkpointCount}`);
    const seen = new Set<string>();
    while (s.steps > 0) {
      s.stepBack();
      const top = s.program.vm!.acts[s.program.vm!.acts.length - 1];
      seen.add(top.fn.name);
      if (s.steps % 41 === 0 || s.steps === total - 1) await assertSameAsFresh(s);
    }
    assert.deepEqual([...seen].sort(), ['compare', 'depth', 'main', 'push']);
  });

  it('goes back into a qsort comparator (no checkpoint is taken inside the library call) and forward again', async () => {
    const s = await startC(PROGRAM, { checkpointInterval: 3, checkpointsByCount: true });
    s.setBreakpoints([8]);
    const calls: number[] = [];
    while (calls.length < 6) {
      assert.equal(s.continue().kind, 'stopped');
      calls.push(s.steps);
    }
    assert.equal(s.program.vm!.natives.length, 1, 'paused inside qsort');
    await assertSameAsFresh(s);
    const back = s.reverseContinue();
    assert.equal(back.kind === 'stopped' && back.reason, 'breakpoint');
    assert.equal(s.steps, calls[4]);
    await assertSameAsFresh(s);
    s.stepBack();
    s.stepBack();
    await assertSameAsFresh(s);
    // Forward from the past: the old future's checkpoints are dropped and new ones shared.
    s.setBreakpoints([]);
    s.stepOut();
    await assertSameAsFresh(s);
    s.run();
    assert.equal(s.program.vm!.stdout, NATIVE_STDOUT);
    for (let i = 0; i < 30; i++) s.stepBack();
    await assertSameAsFresh(s);
  });

  it('back and forth many times leaves the same machine as one forward run', async () => {
    const s = await startC(PROGRAM, { checkpointInterval: 4 });
    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < 90; i++) s.stepOver();
      for (let i = 0; i < 25 + round * 7; i++) s.stepBack();
      await assertSameAsFresh(s);
    }
    s.run();
    assert.equal(s.program.vm!.stdout, NATIVE_STDOUT);
    await assertSameAsFresh(s);
  });
});

import * as assert from 'node:assert/strict';
import { runC, startC } from './runC';

/**
 * Stale pointers: a pointer stored for a block that was freed, whose chunk glibc then handed to a
 * new malloc. The bytes are live again, so the poison map sees nothing; the checks know the word
 * was stored before the block it now lands in was allocated, and report the access as ASan does
 * (its quarantine delays reuse, so natively it reports these as heap-use-after-free of the freed
 * block: test/fixtures/c-errors/use_after_free_reused_chunk.c and use_after_realloc_in_place.c
 * are the same cases recorded from gcc's ASan and re-checked live where it is installed).
 */
const NODE = `#include <stdio.h>
#include <stdlib.h>
struct node { long value; struct node *next; };
`;

/** The scenario: an edge array keeps a pointer to a node that is freed, and malloc reuses its chunk. */
const REUSED = `${NODE}long value_of(struct node *n) {
  return n->value;
}
int main(void) {
  struct node **edges = malloc(2 * sizeof *edges);
  struct node *n = malloc(sizeof *n);
  n->value = 7;
  edges[0] = n;
  struct node *before = n;
  free(n);
  struct node *fresh = malloc(sizeof *fresh);
  fresh->value = 8;
  fresh->next = NULL;
  struct node *copy = edges[0];
  struct node *moved = copy + 0;
  printf("%ld\\n", copy->value);
  printf("%ld\\n", edges[0]->value);
  printf("%ld\\n", before->value);
  printf("%ld\\n", moved->value);
  printf("%ld\\n", value_of(edges[0]));
  printf("%d %ld\\n", fresh == copy, fresh->value);
  free(fresh);
  free(edges);
  return 0;
}`;

const errorsOf = (run: { session: { program: { memoryErrors: readonly { kind: string; line: number }[] } } }) =>
  run.session.program.memoryErrors.map((e) => [e.kind, e.line]);

describe('memory errors: stale pointers into a chunk malloc handed out again', () => {
  it('reports an access through the slot itself, a copy made before or after the reuse, pointer arithmetic and an argument', async () => {
    const run = await runC(REUSED, { keepGoing: true });
    // Natively the reads succeed: the old pointer reads the new node.
    assert.equal(run.stdout, '8\n8\n8\n8\n8\n1 8\n');
    assert.deepEqual(errorsOf(run), [
      ['use-after-free', 19], ['use-after-free', 20], ['use-after-free', 21], ['use-after-free', 22], ['use-after-free', 5],
    ]);
    for (const e of run.session.program.memoryErrors) {
      assert.equal(e.access, 'read');
      assert.equal(e.size, 8);
      // ASan's description of the freed block (where it was allocated and freed), then the block there now.
      assert.equal(e.message, '0 bytes inside the 16-byte block allocated at line 9 (in main) and freed at line 13 (in main), through a stale pointer; '
        + 'its chunk was handed out again: the address is now 0 bytes inside the 16-byte block allocated at line 14 (in main)');
      assert.equal(e.allocatedAt?.line, 9);
      assert.equal(e.freedAt?.line, 13);
    }
  });

  it('stops at the first one as a sanitizer build does', async () => {
    const run = await runC(REUSED);
    assert.equal(run.code, 1);
    assert.deepEqual(errorsOf(run), [['use-after-free', 19]]);
    assert.equal(run.session.program.error?.kind, 'use-after-free');
  });

  it('a fresh pointer stored into the same slot after the new allocation is no error, nor one to a block allocated before it was stored', async () => {
    const run = await runC(`${NODE}int main(void) {
  struct node *keep = malloc(sizeof *keep);
  struct node **edges = malloc(2 * sizeof *edges);
  struct node *n = malloc(sizeof *n);
  edges[0] = n;
  edges[1] = keep;
  struct node *old = n;
  free(n);
  struct node *fresh = malloc(sizeof *fresh);
  edges[0] = fresh;
  old = fresh;
  fresh->value = 3;
  keep->value = 4;
  long sum = edges[0]->value + old->value + edges[1]->value;
  if (old != NULL && old == edges[0]) sum += old->value;
  printf("%ld\\n", sum);
  free(fresh);
  free(keep);
  free(edges);
  return 0;
}`);
    assert.equal(run.stdout, '13\n');
    assert.deepEqual(errorsOf(run), []);
  });

  it('a stale pointer compared, tested or subtracted is no access: only a dereference reports', async () => {
    const run = await runC(`${NODE}int main(void) {
  struct node *n = malloc(sizeof *n);
  struct node *old = n;
  free(n);
  struct node *fresh = malloc(sizeof *fresh);
  fresh->value = 5;
  long apart = (char *)old - (char *)fresh;
  struct node *same = fresh;
  if (old == fresh && old)
    same = fresh;
  printf("%ld %d %ld\\n", apart, old == fresh, same->value);
  free(fresh);
  return 0;
}`);
    assert.equal(run.stdout, '0 1 5\n');
    assert.deepEqual(errorsOf(run), []);
  });

  it('realloc in place: the pointer it was given is stale (ASan\'s realloc always moves, and reports it), the one it returned is not', async () => {
    const run = await runC(`#include <stdio.h>
#include <stdlib.h>
int main(void) {
  char *p = malloc(40);
  p[0] = 'a';
  char *q = realloc(p, 24);
  q[1] = 'b';
  printf("%d\\n", p == q);
  p[2] = 'c';
  p = q;
  p[3] = 'd';
  free(q);
  return 0;
}`, { keepGoing: true });
    assert.equal(run.stdout, '1\n');
    assert.deepEqual(errorsOf(run), [['use-after-free', 9]]);
    const [e] = run.session.program.memoryErrors;
    assert.deepEqual([e.access, e.size, e.allocatedAt?.line, e.freedAt?.line], ['write', 1, 4, 6]);
    assert.match(e.message, /^2 bytes inside the 40-byte block allocated at line 4 \(in main\) and freed at line 6 \(in main\), through a stale pointer; .* 2 bytes inside the 24-byte block allocated at line 6 \(in main\)$/);
  });

  it('stepping back keeps what is stale: back before the reuse, or between the reuse and the access, and forward again', async () => {
    for (const options of [{ checkpointInterval: 1 }, { checkpointInterval: 4 }, { noCheckpoints: true }]) {
      const s = await startC(REUSED, { keepGoing: true, ...options });
      s.run();
      assert.equal(s.program.memoryErrors.length, 5);
      for (const line of [17, 12]) {
        // Line 17 (after the reuse: the words are stale already), line 12 (before the free and the malloc).
        while (s.lastEvent.kind !== 'stopped' || s.lastEvent.line !== line) s.stepBack();
        assert.deepEqual(s.program.memoryErrors, []);
        while (s.lastEvent.kind !== 'stopped' || s.lastEvent.line !== 19) s.stepIn();
        assert.deepEqual(s.program.memoryErrors, []);
        s.stepIn();
        assert.deepEqual(errorsOf({ session: s }), [['use-after-free', 19]], `${JSON.stringify(options)}, back to line ${line}`);
        s.run();
        assert.equal(s.program.memoryErrors.length, 5);
        assert.equal(s.program.vm!.stdout, '8\n8\n8\n8\n8\n1 8\n');
      }
    }
  });
});

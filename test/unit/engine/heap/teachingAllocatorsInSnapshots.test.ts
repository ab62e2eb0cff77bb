import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { CProgram } from '../../../../src/lang/c/program/cProgram';
import { Session } from '../../../../src/session/session';
import { ALLOCATOR_NAMES } from '../../../../src/shared/allocators';
import { testParser } from '../../cProgram';

const EXAMPLE = path.join(__dirname, '..', '..', '..', '..', '..', 'media', 'examples', 'allocator-holes.c');

/** The views read every allocator's heap as the allocator itself describes it (not as glibc's layout). */
describe('teaching allocators in the views\' snapshots', () => {
  for (const allocator of ALLOCATOR_NAMES) {
    it(`${allocator}: the snapshot's figures and chunks are the allocator's own`, async () => {
      const text = fs.readFileSync(EXAMPLE, 'utf8');
      const options = { allocator, noCheckpoints: true };
      const program = CProgram.create(await testParser(), text, 'allocator-holes.c', options);
      const session = new Session(program, options);
      assert.deepEqual(session.snapshot().heap.bins, [], 'before the first malloc: no heap, no lists');
      session.runToLine(text.split('\n').findIndex((l) => l.includes('printf(')) + 1);
      const snapshot = session.snapshot();
      const own = program.vm!.process.allocator;
      assert.deepEqual(snapshot.heap.stats, own.stats());
      const byAddress = new Map(own.chunks().map((c) => [c.addr, c]));
      for (const c of snapshot.heap.window.chunks) {
        const mine = byAddress.get(parseInt(c.address, 16))!;
        assert.equal(parseInt(c.userPtr, 16), mine.userPtr, `${allocator}: chunk ${c.address}'s user pointer`);
        if (mine.requested !== undefined) assert.equal(c.requested, mine.requested);
      }
    });
  }
});

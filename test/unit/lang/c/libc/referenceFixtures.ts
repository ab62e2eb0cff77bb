import { strict as assert } from 'node:assert';
import { buildReference, gccAvailable, readFixture, runReference, type Family } from '../../../../tools/libc-reference/libcReference';

/**
 * The two halves every libc fidelity test has: the recorded fixture (always checked) and, when
 * gcc is on the PATH, a live run of the generator that must reproduce the fixture byte for byte
 * (so the simulator, the fixture and the system's glibc all agree).
 */
let exe: string | undefined;

export function liveReferenceSuite(family: Family): void {
  describe(`libc ${family}: live glibc (gcc)`, function () {
    this.timeout(120_000);
    before(function () {
      if (!gccAvailable()) {
        console.log(`      gcc is not on the PATH: live ${family} comparison skipped (the recorded fixture was checked)`);
        this.skip();
      }
      exe ??= buildReference();
    });
    it(`the system glibc prints exactly the recorded ${family} fixture`, () => {
      const live = runReference(exe as string, family);
      const recorded = readFixture(family);
      const liveLines = live.split('\n');
      const recLines = recorded.split('\n');
      for (let i = 0; i < Math.max(liveLines.length, recLines.length); i++) {
        assert.equal(liveLines[i], recLines[i], `line ${i + 1} differs between live glibc and the fixture`);
      }
    });
  });
}

/** Runs `check` on every record and fails with the first few mismatches, each described. */
export function checkAll<T>(items: readonly T[], check: (item: T) => string | undefined, limit = 25): void {
  const failures: string[] = [];
  for (const item of items) {
    let problem: string | undefined;
    try {
      problem = check(item);
    } catch (e) {
      problem = `threw ${(e as Error).stack}`;
    }
    if (problem !== undefined) failures.push(problem);
  }
  assert.ok(failures.length === 0, `${failures.length} of ${items.length} differ:\n` + failures.slice(0, limit).join('\n'));
}

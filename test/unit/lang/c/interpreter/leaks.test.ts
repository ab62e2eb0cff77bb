import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { leakReport } from '../../../../../src/lang/c/interpreter/vm/heapLeaks';
import type { LeakReport } from '../../../../../src/shared/memoryIssues';
import { type LossRecord, type ValgrindLeakResult, runValgrind, valgrindAvailable } from '../../../../tools/valgrindLeaks';
import { runC } from './runC';
import { LEAK_PROGRAMS } from '../../../../tools/leakPrograms';

const live = valgrindAvailable();

const KIND: Record<string, LossRecord['kind']> = {
  'definitely-lost': 'definitely', 'indirectly-lost': 'indirectly', 'possibly-lost': 'possibly', reachable: 'still reachable',
};

/** Our blocks grouped as Memcheck groups loss records: by class and allocation stack. */
function lossRecords(report: LeakReport): LossRecord[] {
  const byKey = new Map<string, LossRecord>();
  for (const b of report.blocks) {
    const stack = b.allocatedAt?.stack.map((f) => `${f.function}:${f.line}`) ?? [];
    const key = `${b.class}|${stack.join('<')}`;
    const r = byKey.get(key) ?? { kind: KIND[b.class], bytes: 0, blocks: 0, stack, direct: 0, indirect: 0 };
    r.bytes += b.size + (b.indirect?.bytes ?? 0);
    r.blocks++;
    r.direct! += b.size;
    r.indirect! += b.indirect?.bytes ?? 0;
    byKey.set(key, r);
  }
  // Memcheck writes "N (D direct, I indirect) bytes" only for records that carry indirect blocks.
  return [...byKey.values()].map(({ direct, indirect, ...r }) => (indirect ? { ...r, direct, indirect } : r));
}

const sortRecords = (rs: LossRecord[]) => [...rs].sort((a, b) => `${a.kind}${a.stack}${a.bytes}`.localeCompare(`${b.kind}${b.stack}${b.bytes}`));

describe('C leaks: the simulated heap classified as Valgrind Memcheck classifies the gcc build', () => {
  before(function () {
    console.log(live ? '      (comparing with valgrind run now, and with the recorded results)' : '      (valgrind or gcc not installed: comparing with the recorded valgrind results only)');
  });

  for (const program of LEAK_PROGRAMS()) {
    const file = path.basename(program.source);
    it(path.relative(path.join(__dirname, '..', '..', '..', '..', '..', '..'), program.source), async function () {
      this.timeout(120_000);
      const source = fs.readFileSync(program.source, 'utf8');
      const recorded = JSON.parse(fs.readFileSync(program.expected, 'utf8')) as ValgrindLeakResult;
      const expectations = [recorded];
      if (live) expectations.push(runValgrind(program.source)!);
      const run = await runC(source, {}, file);
      // The bundled examples and the leak programs are meant to be free of memory errors.
      assert.deepEqual(run.session.program.memoryErrors, [], 'no memory errors');
      const report = leakReport(run.session.program.vm!, true);
      for (const expected of expectations) {
        assert.equal(run.stdout, expected.stdout, 'program output');
        assert.deepEqual(
          { definitelyLost: report.definitelyLost, indirectlyLost: report.indirectlyLost, possiblyLost: report.possiblyLost, stillReachable: report.stillReachable },
          expected.summary,
          'LEAK SUMMARY',
        );
        assert.deepEqual({ allocs: report.totalAllocs, frees: report.totalFrees, bytes: report.totalBytesAllocated }, expected.totalHeapUsage, 'total heap usage');
        assert.deepEqual(sortRecords(lossRecords(report)), sortRecords(expected.records), 'loss records: class, size and allocation stack');
      }
    });
  }
});

import type { LeakAmount, LeakClass, LeakReport, LossRecord } from '../../shared/memoryIssues';
import { siteText } from '../errors/describeAccess';
import { groupDigits } from '../../shared/groupDigits';

const CLASS_TEXT: Record<LeakClass, string> = {
  'definitely-lost': 'definitely lost',
  'indirectly-lost': 'indirectly lost',
  'possibly-lost': 'possibly lost',
  reachable: 'still reachable',
};

const bytes = groupDigits;
const count = (n: number, noun: string) => `${bytes(n)} ${noun}${n === 1 ? '' : 's'}`;
const amount = (a: LeakAmount) => `${count(a.bytes, 'byte')} in ${count(a.blocks, 'block')}`;

/**
 * The leak part of `memory-atlas run`'s report, laid out as a Memcheck user expects (heap
 * summary, one record per class and allocation stack, leak summary), in our own words, with
 * what Valgrind cannot say: the line where each lost block lost its last pointer.
 */
export function leakLines(r: LeakReport): string[] {
  const lines = [
    'heap at exit:',
    `    in use: ${amount(r.inUse)}`,
    `    over the run: ${count(r.totalAllocs, 'allocation')}, ${count(r.totalFrees, 'free')}, ${count(r.totalBytesAllocated, 'byte')} allocated`,
  ];
  if (r.stoppedAtError) {
    // As a sanitizer build: after its report the process _exits; nothing is checked for leaks.
    lines.push(r.inUse.blocks === 0
      ? 'leaks not checked: the run stopped at its first error'
      : `leaks not checked: the run stopped at its first error, so the program never got to free the ${amount(r.inUse)} it still held`);
    return lines;
  }
  if (r.inUse.blocks === 0) {
    lines.push('every block was freed: nothing can leak');
    return lines;
  }
  // Smallest total first, as Memcheck prints its records.
  const total = (x: LossRecord) => x.bytes + (x.indirect?.bytes ?? 0);
  for (const record of [...r.records].sort((a, b) => total(a) - total(b))) {
    const carried = record.indirect ? ` (+${bytes(record.indirect.bytes)} bytes only it points to)` : '';
    lines.push(`${amount(record)}${carried} ${CLASS_TEXT[record.class]}, allocated at ${siteText(record.allocatedAt)}`);
    const lost = record.lostAt;
    if (lost && record.class !== 'reachable') {
      lines.push(`    ${record.blocks === 1 ? 'its' : 'the first one\'s'} last pointer went at line ${lost.line} (at step ${lost.step})`);
    }
    const stale = record.stalePointers;
    if (stale?.length) {
      lines.push(`    a stale pointer at ${stale.join(', ')} would have kept it: stored before this block was allocated, it points into the freed block whose chunk malloc handed out again (Memcheck, which does not reuse chunks, does not count it either)`);
    }
  }
  lines.push('leak summary:');
  lines.push(`    definitely lost: ${amount(r.definitelyLost)}`);
  lines.push(`    indirectly lost: ${amount(r.indirectlyLost)}`);
  lines.push(`      possibly lost: ${amount(r.possiblyLost)}`);
  lines.push(`    still reachable: ${amount(r.stillReachable)}`);
  return lines;
}

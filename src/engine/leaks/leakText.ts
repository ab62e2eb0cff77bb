import type { LeakAmount, LeakBlock, LeakClass, LeakReport } from '../../shared/memoryIssues';
import { siteText } from '../errors/describeAccess';

const CLASS_TEXT: Record<LeakClass, string> = {
  'definitely-lost': 'definitely lost',
  'indirectly-lost': 'indirectly lost',
  'possibly-lost': 'possibly lost',
  reachable: 'still reachable',
};

const bytes = (n: number) => n.toLocaleString('en-US');
const count = (n: number, noun: string) => `${bytes(n)} ${noun}${n === 1 ? '' : 's'}`;
const amount = (a: LeakAmount) => `${count(a.bytes, 'byte')} in ${count(a.blocks, 'block')}`;

/**
 * The leak part of `memory-atlas run`'s report, laid out as a Memcheck user expects (heap
 * summary, one record per class and allocation stack, leak summary), in our own words, with
 * what Valgrind cannot say: the line where each lost block lost its last pointer.
 */
export function leakLines(r: LeakReport): string[] {
  const inUse = r.blocks.reduce((sum, b) => ({ bytes: sum.bytes + b.size, blocks: sum.blocks + 1 }), { bytes: 0, blocks: 0 });
  const lines = [
    'heap at exit:',
    `    in use: ${amount(inUse)}`,
    `    over the run: ${count(r.totalAllocs, 'allocation')}, ${count(r.totalFrees, 'free')}, ${count(r.totalBytesAllocated, 'byte')} allocated`,
  ];
  if (r.stoppedAtError) {
    // As a sanitizer build: after its report the process _exits; nothing is checked for leaks.
    lines.push(inUse.blocks === 0
      ? 'leaks not checked: the run stopped at its first error'
      : `leaks not checked: the run stopped at its first error, so the program never got to free the ${amount(inUse)} it still held`);
    return lines;
  }
  if (inUse.blocks === 0) {
    lines.push('every block was freed: nothing can leak');
    return lines;
  }
  for (const record of records(r.blocks)) {
    const carried = record.indirect > 0 ? ` (+${bytes(record.indirect)} bytes only it points to)` : '';
    lines.push(`${amount(record)}${carried} ${CLASS_TEXT[record.class]}, allocated at ${siteText(record.first.allocatedAt)}`);
    const lost = record.first.lostAt;
    if (lost && record.class !== 'reachable') {
      const when = lost.after !== undefined ? `between steps ${lost.after} and ${lost.step}` : `at step ${lost.step}`;
      lines.push(`    ${record.blocks === 1 ? 'its' : 'the first one\'s'} last pointer went at line ${lost.line} (${when})`);
    }
  }
  lines.push('leak summary:');
  lines.push(`    definitely lost: ${amount(r.definitelyLost)}`);
  lines.push(`    indirectly lost: ${amount(r.indirectlyLost)}`);
  lines.push(`      possibly lost: ${amount(r.possiblyLost)}`);
  lines.push(`    still reachable: ${amount(r.stillReachable)}`);
  return lines;
}

interface LossRecordText extends LeakAmount {
  readonly class: LeakClass;
  readonly first: LeakBlock;
  indirect: number;
}

/** Blocks grouped as Memcheck's loss records: by class and allocation stack, smallest total first. */
function records(blocks: readonly LeakBlock[]): LossRecordText[] {
  const byKey = new Map<string, LossRecordText & { bytes: number; blocks: number }>();
  for (const b of blocks) {
    const key = `${b.class}|${b.allocatedAt?.stack.map((f) => `${f.function}:${f.line}`).join('<') ?? ''}`;
    const r = byKey.get(key) ?? { class: b.class, first: b, bytes: 0, blocks: 0, indirect: 0 };
    r.bytes += b.size;
    r.blocks++;
    r.indirect += b.indirect?.bytes ?? 0;
    byKey.set(key, r);
  }
  return [...byKey.values()].sort((a, b) => a.bytes + a.indirect - (b.bytes + b.indirect));
}

import type { MemoryError } from '../../shared/memoryIssues';
import type { RunError } from '../../shared/runReport';
import { siteText } from './describeAccess';

/**
 * One error as a few lines of text, in the order an ASan report gives them: what, the access
 * (size, address) and where it happened, then what the address is (the block, its allocation and
 * free sites; the variable and its frame). Our words, not ASan's.
 */
export function errorLines(e: RunError | MemoryError): string[] {
  const where = e.at ? siteText(e.at) : `line ${e.line}`;
  // A wild size past 2^53 is printed exactly, as ASan prints it (18446744071562067968, not ...68000).
  const size = e.size !== undefined && Number.isInteger(e.size) && e.size > Number.MAX_SAFE_INTEGER ? BigInt(e.size).toString() : e.size;
  const access = e.access ? `${e.access.toUpperCase()}${size !== undefined ? ` of ${size} byte${size === 1 ? '' : 's'}` : ''}` : '';
  const head = e.kind === 'double-free' || e.kind === 'invalid-free'
    ? `free(${e.address ?? '?'}) at ${where}`
    : access && e.address !== undefined ? `${access} at ${e.address}, ${where}` : `at ${where}`;
  const lines = [`${e.kind}: ${head}`];
  const fault = e.kind === 'null-dereference' || e.kind === 'segfault' || e.kind === 'stack-overflow';
  const about = e.address !== undefined && access && e.kind !== 'uninitialized-read' && !fault ? `${e.address} is ` : '';
  lines.push(`  ${about}${e.message}`);
  return lines;
}

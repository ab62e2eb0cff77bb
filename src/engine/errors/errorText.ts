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
  const access = e.access ? `${e.access.toUpperCase()}${e.size !== undefined ? ` of ${e.size} byte${e.size === 1 ? '' : 's'}` : ''}` : '';
  const head = e.kind === 'double-free' || e.kind === 'invalid-free'
    ? `free(${e.address ?? '?'}) at ${where}`
    : access && e.address !== undefined ? `${access} at ${e.address}, ${where}` : `at ${where}`;
  const lines = [`${e.kind}: ${head}`];
  const fault = e.kind === 'null-dereference' || e.kind === 'segfault' || e.kind === 'stack-overflow';
  const about = e.address !== undefined && access && e.kind !== 'uninitialized-read' && !fault ? `${e.address} is ` : '';
  lines.push(`  ${about}${e.message}`);
  return lines;
}

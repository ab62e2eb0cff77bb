import type { Process } from '../../../engine/process';
import type { ProgramDescription, ProgramObject } from '../../../engine/image/programObjects';

/**
 * The node binary a JavaScript program runs in, as the simulated process maps it: node v20's
 * segments, sized as `readelf -lW /usr/bin/node` gives them on Debian 12 (node 20.20), and the
 * pages its start-up leaves resident, as `/proc/self/smaps` shows them for `node -e ''`.
 *
 * Why it matters: `rss` counts every resident page of the process, and most of a fresh node's
 * ~40 MB are its own code and the read-only data V8 starts from (the built-in snapshot), not
 * the JavaScript heap. Without them the simulated `rss` would be smaller than `heapTotal`,
 * which never happens in node, and "rss includes everything" could not be seen.
 */
export const NODE_PATH = '/usr/local/bin/node';

const KIB = 1024;

/** The segments, by output section (the simulated image lays them out as ld would). */
const NODE_SEGMENTS: readonly { readonly section: ProgramObject['section']; readonly name: string; readonly bytes: number; readonly residentAtStart: number }[] = [
  // R-X: V8, libuv, OpenSSL, ICU's code and node's own (0x1a8bca0 + 0x1e90 + 0x1f1 bytes).
  { section: 'text', name: 'node (code)', bytes: 0x1a8bca0 + 0x1e90 + 0x1f1, residentAtStart: 16_632 * KIB },
  // R--: the built-in snapshot, ICU data, string tables (0x76e5d8 + 0x3038cae bytes).
  { section: 'rodata', name: 'node (read-only data, V8 snapshot)', bytes: 0x76e5d8 + 0x3038cae, residentAtStart: 13_488 * KIB },
  // RW-: initialized data and .bss (0x215f8 in the file, 0x4dfc8 in memory).
  { section: 'data', name: 'node (data)', bytes: 0x215f8, residentAtStart: 124 * KIB },
  { section: 'bss', name: 'node (bss)', bytes: 0x4dfc8 - 0x215f8, residentAtStart: 0 },
];

/** The program description the process image is built from: node's segments as opaque objects. */
export function nodeProgram(): ProgramDescription {
  const objects: ProgramObject[] = NODE_SEGMENTS.map((s) => ({
    name: s.name, sourceName: s.name, kind: s.section === 'text' ? 'function' : 'variable', section: s.section,
    size: s.bytes, align: 64, typeName: 'bytes of the node binary', binding: 'local', position: { line: 1, column: 1 }, sizeIsEstimate: true,
  }));
  return { path: NODE_PATH, objects, importedFunctions: [] };
}

/**
 * Loads the pages node's start-up reads (code run, snapshot deserialized) and writes (its
 * data), from the start of each segment: minor faults and resident pages, as the real start-up
 * leaves them. File-backed, so under memory pressure they are dropped rather than swapped.
 */
export function touchNodeStartupPages(process: Process): void {
  const mappings = process.addressSpace.list().filter((m) => m.file?.path === NODE_PATH);
  for (const segment of NODE_SEGMENTS) {
    if (segment.residentAtStart === 0) continue;
    const role = segment.section === 'text' ? 'text' : segment.section === 'rodata' ? 'rodata' : 'data';
    const mapping = mappings.find((m) => m.role === role);
    if (!mapping) continue;
    const bytes = Math.min(segment.residentAtStart, mapping.end - mapping.start);
    if (role === 'data') process.memory.fill(mapping.start, bytes, 0);
    else process.memory.touchRead(mapping.start, bytes);
  }
}

import type { GlibcMalloc } from '../../src/engine/heap/glibc/glibcMalloc';
import type { BinInfo, ChunkInfo } from '../../src/engine/heap/allocator';
import { binIndex } from '../../src/engine/heap/glibc/params';

const hex = (n: number): string => '0x' + n.toString(16);

/**
 * What glibc's do_check_malloc_state checks (under MALLOC_DEBUG), over what the introspection
 * reports: every byte of each heap segment in exactly one chunk, the top chunk last, every
 * listed chunk free and of its bin's size, no chunk in two lists, no two free chunks of the
 * arena's bins side by side (they would have been merged), a free chunk's footer, and the
 * program's live pointers exactly the in-use chunks. Returns the violations (none: consistent).
 */
export function heapViolations(heap: GlibcMalloc, live: ReadonlySet<number>): string[] {
  const problems: string[] = [];
  const chunks = heap.chunks();
  const bins = heap.bins();
  const core = heap.core;
  const byAddress = new Map(chunks.map((c) => [c.addr, c]));

  for (const c of chunks) if (c.state === 'corrupted' || c.corrupted) problems.push(`chunk ${hex(c.addr)} is corrupted: ${c.corrupted}`);
  for (const b of bins) if (b.corrupted) problems.push(`${b.label} is corrupted: ${b.corrupted}`);

  // Tiling: each segment is covered by consecutive chunks, the top chunk last in its segment.
  for (const seg of core.segments) {
    const inSeg = chunks.filter((c) => c.state !== 'mmapped' && c.addr >= seg.start && c.addr < seg.end);
    let at = seg.start;
    for (const c of inSeg) {
      if (c.addr !== at) problems.push(`gap or overlap in the heap at ${hex(at)} (next chunk at ${hex(c.addr)})`);
      at = c.addr + c.size;
    }
    if (at !== seg.end) problems.push(`the chunks of segment ${hex(seg.start)}-${hex(seg.end)} end at ${hex(at)}`);
  }
  const top = chunks.filter((c) => c.state === 'top');
  if (top.length > 1) problems.push(`${top.length} top chunks`);

  // Lists: members are free chunks of the right size, each in one list only.
  const listed = new Map<number, string>();
  for (const b of bins) {
    for (const p of b.chunks) {
      const c = byAddress.get(p);
      if (!c) {
        problems.push(`${b.label} lists ${hex(p)}, which is no chunk`);
        continue;
      }
      if (listed.has(p)) problems.push(`${hex(p)} is in ${listed.get(p)} and in ${b.label}`);
      listed.set(p, b.label);
      if (c.state !== 'free') problems.push(`${b.label} lists ${hex(p)}, whose state is ${c.state}`);
      const wrongSize = sizeProblem(b, c);
      if (wrongSize) problems.push(wrongSize);
    }
  }
  const coalesced = (c: ChunkInfo | undefined) => c !== undefined && (c.state === 'top' || (c.state === 'free' && (c.bin?.kind === 'unsorted' || c.bin?.kind === 'small' || c.bin?.kind === 'large')));
  for (const c of chunks) {
    if (c.state === 'free' && !c.bin) problems.push(`free chunk ${hex(c.addr)} is in no list`);
    if (coalesced(c) && c.state === 'free') {
      const next = byAddress.get(c.addr + c.size);
      if (coalesced(next)) problems.push(`free chunks ${hex(c.addr)} and ${hex(next!.addr)} are side by side, unmerged`);
      if (core.prevSize(c.addr + c.size) !== c.size) problems.push(`free chunk ${hex(c.addr)}'s footer holds ${hex(core.prevSize(c.addr + c.size))}`);
    }
  }

  // The program's pointers are exactly the in-use chunks (the tcache struct apart).
  const held = new Set(chunks.filter((c) => (c.state === 'in-use' || c.state === 'mmapped') && !c.internal).map((c) => c.userPtr));
  for (const p of live) if (!held.has(p)) problems.push(`live pointer ${hex(p)} is not an in-use chunk`);
  for (const p of held) if (!live.has(p)) problems.push(`in-use chunk ${hex(p - 16)} belongs to no live pointer`);
  if (heap.stats().inUseCount !== live.size) problems.push(`stats count ${heap.stats().inUseCount} blocks in use, the program holds ${live.size}`);
  return problems;
}

function sizeProblem(b: BinInfo, c: ChunkInfo): string | undefined {
  const expected = b.kind === 'tcache' || b.kind === 'fast' ? 32 + 16 * b.index : b.kind === 'small' ? 16 * b.index : undefined;
  if (expected !== undefined && c.size !== expected) return `${b.label} holds ${hex(c.addr)} of size ${hex(c.size)}`;
  if (b.kind === 'large' && binIndex(c.size) !== b.index) return `${b.label} holds ${hex(c.addr)} of size ${hex(c.size)} (bin ${binIndex(c.size)})`;
  return undefined;
}

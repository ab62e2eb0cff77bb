import { SNAPSHOT_VERSION, type Snapshot } from './snapshot';
import type { ManagedHeapSnapshot } from './managedHeapSnapshot';

/**
 * Structural check of a stop snapshot where it enters the webview: the version, and every field
 * a view iterates or parses (arrays are arrays, addresses are hex strings, counts are numbers).
 * Text fields are only checked to be strings: the views show them as text, never as HTML.
 */
export function isSnapshot(value: unknown): value is Snapshot {
  if (!isRecord(value) || value.version !== SNAPSHOT_VERSION) return false;
  if (value.state !== 'paused' && value.state !== 'exited') return false;
  if (!isCount(value.steps) || !isCount(value.frameCount)) return false;
  if (!isRecord(value.registers) || !isHex(value.registers.rsp) || !isHex(value.registers.rbp) || !isHex(value.registers.rip)) return false;
  if (!isArrayOf(value.frames, isFrame) || !isArrayOf(value.returnedFrames, isFrame)) return false;
  const space = value.addressSpace;
  if (!isRecord(space) || !isArrayOf(space.regions, isRegion) || !isHex(space.brk) || !isHex(space.initialBreak) || typeof space.mapsText !== 'string') return false;
  if (!isRecord(space.stack) || !isHex(space.stack.top) || !isHex(space.stack.limit)) return false;
  const heap = value.heap;
  if (!isRecord(heap) || !isCount(heap.chunkCount) || !isRecord(heap.stats) || !isRecord(heap.byState)) return false;
  if (!isRecord(heap.window) || !isCount(heap.window.first) || !isArrayOf(heap.window.chunks, isChunk)) return false;
  if (!isArrayOf(heap.bands, isBand) || !isArrayOf(heap.bins, isBin)) return false;
  if (!isArrayOf(value.pointers, (p) => isRecord(p) && isRecord(p.from) && isRecord(p.target) && isHex(p.value) && typeof p.path === 'string')) return false;
  const pages = value.pages;
  if (!isRecord(pages) || !isArrayOf(pages.ranges, (r) => isRecord(r) && isHex(r.start) && typeof r.strip === 'string' && isCount(r.pages))) return false;
  if (!isRecord(pages.tlb) || !isArrayOf(pages.tlb.entries, (e) => isRecord(e) && isHex(e.page))) return false;
  if (!isRecord(value.counters) || !isCount(value.counters.rssBytes) || !isCount(value.counters.vszBytes)) return false;
  if (value.errors !== undefined && !isArrayOf(value.errors, (e) => isRecord(e) && typeof e.kind === 'string' && typeof e.message === 'string')) return false;
  if (value.managedHeap !== undefined && !isManagedHeapSnapshot(value.managedHeap)) return false;
  return typeof value.stdout === 'string' && typeof value.stderr === 'string';
}

export function isManagedHeapSnapshot(m: unknown): m is ManagedHeapSnapshot {
  if (!isRecord(m) || typeof m.mode !== 'string' || !isRecord(m.window) || !isCount(m.window.first) || !isCount(m.window.total)) return false;
  if (!isArrayOf(m.spaces, (s) => isRecord(s) && typeof s.space === 'string' && isHex(s.start) && isHex(s.end) && isCount(s.usedBytes) && isCount(s.objects))) return false;
  if (!isArrayOf(m.objects, isManagedObject)) return false;
  if (!isArrayOf(m.events, (e) => isRecord(e) && typeof e.kind === 'string' && isCount(e.atStep) && isCount(e.freedBytes) && isCount(e.promotedBytes) && isCount(e.pauseSteps))) return false;
  if (!isCount(m.eventCount) || !isRecord(m.usage) || !['rss', 'heapTotal', 'heapUsed', 'external', 'arrayBuffers'].every((k) => isCount((m.usage as Record<string, unknown>)[k]))) return false;
  if (m.gc !== undefined && !(isRecord(m.gc) && typeof m.gc.kind === 'string' && typeof m.gc.phase === 'string' && isCount(m.gc.steps) && isRecord(m.gc.counts))) return false;
  if (m.selected !== undefined && !(isRecord(m.selected) && isCount(m.selected.ref) && typeof m.selected.label === 'string' && isCount(m.selected.retainedBytes))) return false;
  return m.leakedCycles === undefined || isArrayOf(m.leakedCycles, (c) => isArrayOf(c, isCount));
}

function isManagedObject(o: unknown): boolean {
  return isRecord(o) && isCount(o.ref) && typeof o.kind === 'string' && typeof o.label === 'string' && isHex(o.address) && isCount(o.bytes)
    && typeof o.space === 'string' && isCount(o.age) && (o.movedFrom === undefined || isHex(o.movedFrom));
}

function isFrame(f: unknown): boolean {
  return isRecord(f) && typeof f.functionName === 'string' && isHex(f.rbp) && isHex(f.lowest) && isHex(f.highest)
    && isArrayOf(f.slots, (s) => isRecord(s) && typeof s.name === 'string' && isHex(s.address) && isCount(s.size) && typeof s.value === 'string')
    && isArrayOf(f.padding, (p) => isRecord(p) && isHex(p.address) && isCount(p.size));
}

function isRegion(r: unknown): boolean {
  return isRecord(r) && isHex(r.start) && isHex(r.end) && typeof r.perms === 'string' && typeof r.role === 'string' && isCount(r.pages) && isCount(r.residentPages);
}

function isChunk(c: unknown): boolean {
  return isRecord(c) && isHex(c.address) && isHex(c.userPtr) && isCount(c.size) && typeof c.state === 'string';
}

function isBand(b: unknown): boolean {
  return isRecord(b) && isHex(b.start) && isHex(b.end) && isCount(b.chunks) && isCount(b.inUseBytes) && isCount(b.freeBytes);
}

function isBin(b: unknown): boolean {
  return isRecord(b) && typeof b.label === 'string' && isCount(b.count) && isArrayOf(b.entries, (e) => isRecord(e) && isHex(e.chunk) && isHex(e.fd));
}

function isArrayOf(value: unknown, item: (v: unknown) => boolean): boolean {
  return Array.isArray(value) && value.every(item);
}

function isHex(value: unknown): value is string {
  return typeof value === 'string' && /^0x[0-9a-f]{1,16}$/i.test(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

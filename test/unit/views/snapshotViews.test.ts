import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { GlibcMalloc } from '../../../src/engine/heap/glibc/glibcMalloc';
import { Process } from '../../../src/engine/process';
import { HeapViewCache } from '../../../src/engine/views/heapIndex';
import { answerProcessView } from '../../../src/engine/views/processAnswers';
import { cLanguage } from '../../../src/lang/c/program/cLanguage';
import { nodeModulesLocator } from '../../../src/lang/c/nodeModulesLocator';
import { openSession } from '../../../src/session/openSession';
import type { Session } from '../../../src/session/session';
import { type Snapshot, SNAPSHOT_VERSION } from '../../../src/shared/snapshot';
import { parseViewRequest, splitVirtualAddress } from '../../../src/shared/viewRequests';
import { isSnapshot } from '../../../src/shared/validateSnapshot';
import { answerViewRequest } from '../../../src/debug/viewRequests';

export const TOUR = path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'views', 'views_tour.c');

export async function tourSession(): Promise<Session> {
  return openSession([cLanguage(nodeModulesLocator)], 'views_tour.c', fs.readFileSync(TOUR, 'utf8'), {});
}

/** Steps until the next statement is on `line` (at most 200 steps). */
function stepToLine(s: Session, line: number): Snapshot {
  for (let i = 0; i < 200 && s.state === 'paused'; i++) {
    const snap = s.snapshot();
    if (snap.line === line) return snap;
    s.stepIn();
  }
  throw new Error(`never reached line ${line}`);
}

const n = (h: string) => parseInt(h, 16);

describe('Snapshots for the views (version 2)', function () {
  this.timeout(60_000);

  it('describe frames word by word: return address and saved rbp as stored, every slot, padding, uninitialized bytes', async () => {
    const s = await tourSession();
    const snap = stepToLine(s, 17); // in escape, before `return p`
    assert.ok(isSnapshot(snap));
    assert.equal(snap.version, SNAPSHOT_VERSION);
    const [escape, main] = snap.frames;
    assert.equal(escape.functionName, 'escape');
    assert.equal(n(escape.savedRbp), n(main.rbp), "escape's saved rbp is main's rbp");
    assert.equal(n(escape.cfa), n(escape.rbp) + 16);
    const small = main.slots.find((x) => x.name === 'small')!;
    assert.equal(small.size, 12);
    assert.equal(small.uninitialized, true, 'small[] is never written before memset');
    // gcc pads main's frame: the bytes between the slots (and below them up to rsp) belong to no variable.
    const covered = main.slots.reduce((sum, x) => sum + (n(x.address) < n(main.rbp) ? x.size : 0), 0) + main.padding.reduce((sum, p) => sum + p.size, 0);
    assert.equal(covered, n(main.rbp) - n(main.lowest), 'slots and padding tile the frame below rbp');
    assert.ok(escape.slots.find((x) => x.name === 'p')!.holdsPointer);
  });

  it('keep a returned frame, faded, until a later call overwrites it, and mark the pointer into it dangling', async () => {
    const s = await tourSession();
    const after = stepToLine(s, 31);
    assert.deepEqual(after.returnedFrames.map((f) => f.functionName), ['escape']);
    assert.equal(after.returnedFrames[0].slots.find((x) => x.name === 'local')!.value, '42', 'its bytes still hold the value');
    const dangling = after.pointers.find((p) => p.path === 'dangling')!;
    assert.equal(dangling.dangling, true);
    assert.deepEqual(dangling.target, { kind: 'stack', functionName: 'escape', depth: -1, slot: 'local', returned: true });
    const inPush = stepToLine(s, 22);
    assert.deepEqual(inPush.returnedFrames.map((f) => f.functionName), [], "push's frame took escape's bytes");
  });

  it('follow the heap: a chunk after malloc, in the tcache with its real fd word after free, the break moved', async () => {
    const s = await tourSession();
    const before = stepToLine(s, 21);
    assert.equal(before.heap.chunkCount, 0);
    const afterMalloc = stepToLine(s, 22);
    assert.ok(n(afterMalloc.addressSpace.brk) > n(before.addressSpace.brk), 'the first malloc moved the break');
    assert.ok(afterMalloc.counters.brkCalls > before.counters.brkCalls);
    const userChunks = afterMalloc.heap.window.chunks.filter((c) => !c.internal && c.state === 'in-use');
    assert.equal(userChunks.length, 1);
    assert.equal(userChunks[0].size, 32);
    assert.equal(userChunks[0].allocatedAt?.line, 21);
    stepToLine(s, 34);
    const freed = stepToLine(s, 35);
    const a = freed.pointers.find((p) => p.path === 'a')!;
    assert.equal(a.dangling, true);
    const chunk = freed.heap.window.chunks.find((c) => c.address === (a.target as { chunk: string }).chunk)!;
    assert.equal(chunk.state, 'free');
    assert.deepEqual(chunk.bin, { kind: 'tcache', index: 0 });
    const tcache = freed.heap.bins.find((b) => b.kind === 'tcache' && b.index === 0)!;
    assert.equal(tcache.count, 1);
    assert.equal(tcache.entries[0].chunk, chunk.address);
    // Safe-linking: the stored fd of the only entry is PROTECT_PTR(&fd, NULL) = &fd >> 12.
    assert.equal(n(tcache.entries[0].fd), Math.floor((n(chunk.address) + 16) / 4096));
    assert.equal(tcache.entries[0].next, '0x0');
  });

  it('count pages and faults per mapping, and walk an address through the four levels', async () => {
    const s = await tourSession();
    const before = stepToLine(s, 37);
    const after = stepToLine(s, 38);
    assert.equal(after.counters.minorFaults, before.counters.minorFaults + 1, 'big[40000] = 1 touches a new page');
    const bss = after.pages.ranges.find((r) => r.role === 'bss')!;
    assert.equal(bss.resident, before.pages.ranges.find((r) => r.role === 'bss')!.resident + 1);
    assert.equal(bss.strip.indexOf('R'), Math.floor((0x555555558080 + 40000 - n(bss.start)) / 4096 / bss.pagesPerCell), 'the strip shows the page big[40000] is on');
    const rsp = n(after.registers.rsp);
    const walk = answerProgram(s, { kind: 'page-walk', address: after.registers.rsp });
    assert.equal(walk.kind, 'page-walk');
    if (walk.kind !== 'page-walk') return;
    assert.deepEqual(walk.walk.indices, splitVirtualAddress(rsp).indices);
    assert.equal(walk.walk.steps.length, 4);
    assert.equal(walk.walk.state, 'resident');
    assert.equal(walk.walk.offset, rsp % 4096);
  });

  it('answer view requests through the debug layer: windows, deeper frames, a leak check, the counters history, going to a step', async () => {
    const s = await tourSession();
    stepToLine(s, 42);
    const host = (args: unknown) => {
      const { response, then } = answerViewRequest(s, args);
      if (then) s.runNow(then);
      return response;
    };
    const leaks = host({ kind: 'leak-check' });
    assert.equal(leaks.kind, 'leak-check');
    if (leaks.kind === 'leak-check') assert.equal(leaks.leaks.definitelyLost.blocks, 1, 'lost = 0 dropped the 48-byte block');
    const series = host({ kind: 'counter-series' });
    assert.equal(series.kind, 'counter-series');
    if (series.kind !== 'counter-series') return;
    assert.equal(series.series.currentStep, s.steps);
    assert.ok(series.series.samples.length >= s.steps - 1, 'single steps are all sampled');
    const faults = series.series.samples.map((x) => x.minorFaults);
    assert.ok(faults[faults.length - 1] > faults[0]);
    const gone = host({ kind: 'go-to-step', step: 3 });
    assert.deepEqual(gone, { kind: 'go-to-step', steps: 3 });
    assert.equal(s.steps, 3);
    assert.equal(host({ kind: 'heap-window', count: 0 }).kind, 'error');
    assert.equal(host({ nonsense: true }).kind, 'error');
  });

  it('index a glibc heap as columns equal to chunks(), and keep windows and zooms bounded', () => {
    const p = Process.start({ path: '/home/student/heap', objects: [], importedFunctions: [] }, { allocator: (h) => new GlibcMalloc(h) });
    const ptrs: number[] = [];
    for (let i = 0; i < 20_000; i++) ptrs.push(p.allocator.malloc(16 + (i % 9) * 24));
    for (let i = 0; i < ptrs.length; i += 3) p.allocator.free(ptrs[i]);
    p.allocator.malloc(3000);
    p.allocator.malloc(300_000);
    const cache = new HeapViewCache().use(p.allocator, 'now');
    const chunks = p.allocator.chunks();
    const cols = cache.heap.columns;
    assert.equal(cols.count, chunks.length);
    chunks.forEach((c, i) => {
      assert.equal(cols.addr[i], c.addr);
      assert.equal(cols.size[i], c.size);
      assert.equal(cache.heap.stateOf(i), c.state, `chunk ${i}`);
    });
    const bins = p.allocator.bins();
    for (const bin of bins) for (const c of bin.chunks) {
      const i = cache.heap.indexContaining(c + 16);
      assert.equal(cols.addr[i], c);
    }
    const stats = p.allocator.stats();
    const mine = cache.heap.stats(p.allocator.kernelBytes!(), () => undefined);
    assert.equal(mine.freeBytes, stats.freeBytes);
    assert.equal(mine.inUseChunkBytes, stats.inUseChunkBytes);
    assert.equal(mine.brkBytes, stats.brkBytes);
    const w = answerProcessView(p, cache, () => ({}), { kind: 'heap-window', around: '0x' + ptrs[10_000].toString(16), count: 100 });
    assert.equal(w.kind, 'heap-window');
    if (w.kind === 'heap-window') assert.ok(w.window.chunks.some((c) => n(c.userPtr) === ptrs[10_000]));
    const bands = cache.heap.bands(128);
    assert.equal(bands.reduce((sum, b) => sum + b.chunks, 0), cols.count, 'every chunk is counted in one band');
    assert.equal(parseViewRequest({ kind: 'heap-window', first: 0, count: 1e9 })?.kind === 'heap-window' && (parseViewRequest({ kind: 'heap-window', first: 0, count: 1e9 }) as { count: number }).count, 1024);
  });

  it('are deterministic and leave the run unchanged', async () => {
    const s = await tourSession();
    stepToLine(s, 37);
    const a = JSON.stringify(s.snapshot());
    const b = JSON.stringify(s.snapshot());
    assert.equal(a, b);
    const quiet = await tourSession();
    stepToLine(quiet, 37);
    for (let i = 0; i < 6; i++) { s.snapshot(); s.stepIn(); quiet.stepIn(); }
    assert.deepEqual(s.snapshot().counters, quiet.snapshot().counters, 'TLB counts and faults are the same with and without looking');
  });
});

function answerProgram(s: Session, request: Parameters<NonNullable<Session['program']['answerView']>>[0]) {
  return s.program.answerView!(request);
}

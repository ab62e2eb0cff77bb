import { PAGE_SIZE, hex } from '../addressSpace/layout';
import { permString } from '../addressSpace/vma';
import { QuietMemory } from '../memory/quietMemory';
import { residencyOf } from '../memory/residency';
import type { Process } from '../process';
import type { ViewRequest, ViewResponse } from '../../shared/viewRequests';
import { VIEW_LIMITS } from '../../shared/viewRequests';
import type { HeapViewCache } from './heapIndex';
import { type ChunkAnnotation, bandView, binEntries, heapWindow } from './heapSummary';
import { pageWalkView, pageWindow } from './pageViews';

/** The requests any process answers the same way, whatever the language. */
export type ProcessViewRequest = Extract<ViewRequest, { kind: 'heap-window' | 'heap-bands' | 'bin' | 'pages' | 'page-walk' | 'region' }>;

const PROCESS_KINDS = new Set<string>(['heap-window', 'heap-bands', 'bin', 'pages', 'page-walk', 'region']);

export function isProcessViewRequest(request: ViewRequest): request is ProcessViewRequest {
  return PROCESS_KINDS.has(request.kind);
}

function address(text: string): number {
  return parseInt(text, 16);
}

/**
 * Windows of the heap, a bin's list, pages, a page walk, a mapping's details: read from the
 * allocator's introspection and the page table without touching the simulation.
 */
export function answerProcessView(process: Process, heap: HeapViewCache, annotate: ChunkAnnotation, request: ProcessViewRequest): ViewResponse {
  const mem = new QuietMemory(process.mmu);
  switch (request.kind) {
    case 'heap-window': {
      const first = request.around !== undefined ? heap.heap.indexAtOrAfter(address(request.around)) - Math.floor(request.count / 2) : request.first ?? 0;
      return { kind: 'heap-window', chunkCount: heap.heap.count, window: heapWindow(heap, first, request.count, mem, annotate) };
    }
    case 'heap-bands':
      return { kind: 'heap-bands', bands: heap.heap.bandsOver(address(request.start), address(request.end), request.bands).map(bandView) };
    case 'bin': {
      const bin = heap.bins.find((b) => b.kind === request.binKind && b.index === request.index);
      if (!bin) return { kind: 'bin', count: 0, first: request.first, entries: [] };
      return { kind: 'bin', count: bin.chunks.length, first: request.first, entries: binEntries(bin, request.first, request.count, mem) };
    }
    case 'pages':
      return { kind: 'pages', pages: pageWindow(process.mmu, Math.floor(address(request.start) / PAGE_SIZE), request.count) };
    case 'page-walk':
      return { kind: 'page-walk', walk: pageWalkView(process.mmu, address(request.address)) };
    case 'region': {
      const vma = process.addressSpace.find(address(request.start));
      if (!vma) return { kind: 'error', message: `no mapping holds ${request.start}` };
      const r = residencyOf(process.mmu.paging, vma.start, vma.end);
      return {
        kind: 'region',
        region: {
          start: hex(vma.start), end: hex(vma.end), perms: permString(vma.prot, vma.shared), role: vma.role,
          name: vma.file?.path ?? vma.label ?? '', shared: vma.shared,
          backing: vma.file ? `file ${vma.file.path} at offset ${hex(vma.file.offset)}` : 'anonymous memory (zero-filled on first touch)',
          sizeBytes: vma.end - vma.start, rssBytes: r.residentPages * PAGE_SIZE, pssBytes: Math.round(r.pssBytes),
          anonymousBytes: r.anonymousPages * PAGE_SIZE, swapBytes: r.swappedPages * PAGE_SIZE, dirtyBytes: r.dirtyPages * PAGE_SIZE,
          referencedBytes: r.accessedPages * PAGE_SIZE,
          pages: pageWindow(process.mmu, vma.start / PAGE_SIZE, Math.min(VIEW_LIMITS.pages, (vma.end - vma.start) / PAGE_SIZE)),
        },
      };
    }
  }
}

import { answerProcessView, isProcessViewRequest } from '../../../engine/views/processAnswers';
import type { ProgramViewRequest } from '../../../engine/program/steppableProgram';
import type { ViewResponse } from '../../../shared/viewRequests';
import { VIEW_LIMITS } from '../../../shared/viewRequests';
import { leakReport } from '../interpreter/vm/heapLeaks';
import type { Machine } from '../interpreter/vm/machine';
import { chunkAnnotation, heapViewsOf, type SnapshotCache } from './buildSnapshot';
import { liveFrames } from './snapshotFrames';

/**
 * The C program's answers to the views' detail requests: the process-wide ones (heap windows,
 * bins, pages, walks, mappings) with its chunks' allocation sites, deeper frames, and a leak
 * check now. All read quietly, like the snapshot.
 */
export function answerView(machine: Machine, cache: SnapshotCache, request: ProgramViewRequest): ViewResponse {
  if (isProcessViewRequest(request)) return answerProcessView(machine.process, heapViewsOf(machine, cache), chunkAnnotation(machine, undefined), request);
  switch (request.kind) {
    case 'frames':
      return { kind: 'frames', frameCount: machine.acts.length, first: request.first, frames: liveFrames(machine, request.first, request.count) };
    case 'leak-check': {
      const report = leakReport(machine, machine.ended);
      return {
        kind: 'leak-check',
        leaks: { definitelyLost: report.definitelyLost, indirectlyLost: report.indirectlyLost, possiblyLost: report.possiblyLost, stillReachable: report.stillReachable },
        blocks: report.blocks.slice(0, VIEW_LIMITS.leakBlocks),
        blockCount: report.blocks.length,
      };
    }
    case 'managed-window':
    case 'managed-object':
      return { kind: 'error', message: 'a C program has no garbage-collected heap' };
  }
}

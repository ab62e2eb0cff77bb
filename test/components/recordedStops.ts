import * as fs from 'fs';
import * as path from 'path';
import type { Snapshot } from '../../src/shared/snapshot';
import type { ViewRequest, ViewResponse } from '../../src/shared/viewRequests';
import type { Answer } from './webviewHarness';

/** One stop of views_tour.c as recorded by test/tools/recordViewSnapshots.ts. */
export interface RecordedStop {
  readonly name: string;
  readonly snapshot: Snapshot;
  readonly responses: readonly { readonly request: ViewRequest; readonly response: ViewResponse }[];
}

const FILE = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'views', 'tour-stops.json');

export function recordedStops(): Map<string, RecordedStop> {
  const { stops } = JSON.parse(fs.readFileSync(FILE, 'utf8')) as { stops: RecordedStop[] };
  return new Map(stops.map((s) => [s.name, s]));
}

/** Answers a view request with the recording made at that stop (an error for one not recorded). */
export function recordedAnswers(stop: RecordedStop): Answer {
  return (request) => {
    const found = stop.responses.find((r) => JSON.stringify(r.request) === JSON.stringify(request));
    if (found) return found.response;
    // The walk of another address than rsp: any recorded walk's shape would be wrong; say so.
    return { kind: 'error', message: `not recorded at stop ${stop.name}: ${JSON.stringify(request)}` };
  };
}

/**
 * Records the stops of test/fixtures/views/views_tour.c that the component tier renders: each
 * stop's snapshot and the answers to the view requests the views make there (the counters
 * history, the walk of rsp, the heap's and the stack's mapping details, a leak check), from the
 * real engine and session. Run after changing the snapshot or the engine:
 *   npx tsc -p tsconfig.json && node out/test/tools/recordViewSnapshots.js
 */
import * as fs from 'fs';
import * as path from 'path';
import { answerViewRequest } from '../../src/debug/viewRequests';
import { cLanguage } from '../../src/lang/c/program/cLanguage';
import { nodeModulesLocator } from '../../src/lang/c/nodeModulesLocator';
import { openSession } from '../../src/session/openSession';
import type { Session } from '../../src/session/session';
import type { ViewRequest } from '../../src/shared/viewRequests';
import type { RecordedStop } from '../components/recordedStops';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SOURCE = path.join(ROOT, 'test', 'fixtures', 'views', 'views_tour.c');
export const STOPS_FILE = path.join(ROOT, 'test', 'fixtures', 'views', 'tour-stops.json');

/** The stops, by the line the program is about to run. */
const WANTED: readonly { name: string; line: number; occurrence?: number }[] = [
  { name: 'in-escape', line: 17 },
  { name: 'after-escape', line: 31 },
  { name: 'after-malloc', line: 22 },
  { name: 'after-push', line: 32 },
  { name: 'after-free', line: 35 },
  { name: 'after-mmap', line: 37 },
  { name: 'after-fault', line: 38 },
  { name: 'leaked', line: 42 },
];

async function record(): Promise<void> {
  const session: Session = await openSession([cLanguage(nodeModulesLocator)], 'views_tour.c', fs.readFileSync(SOURCE, 'utf8'), {});
  const stops: RecordedStop[] = [];
  const seen = new Set<string>();
  while (session.state === 'paused' && stops.length < WANTED.length) {
    const snapshot = session.snapshot();
    const wanted = WANTED.find((w) => w.line === snapshot.line && !seen.has(w.name));
    if (wanted) {
      seen.add(wanted.name);
      const regions = snapshot.addressSpace.regions.filter((r) => r.role === 'heap' || r.role === 'stack' || r.role === 'bss');
      const requests: ViewRequest[] = [
        { kind: 'counter-series' },
        { kind: 'page-walk', address: snapshot.registers.rsp },
        { kind: 'leak-check' },
        ...regions.map((r): ViewRequest => ({ kind: 'region', start: r.start })),
      ];
      const responses = [];
      for (const request of requests) responses.push({ request, response: answerViewRequest(session, request).response });
      stops.push({ name: wanted.name, snapshot, responses });
    }
    session.stepIn();
  }
  fs.writeFileSync(STOPS_FILE, JSON.stringify({ source: 'test/fixtures/views/views_tour.c', recordedWith: 'node out/test/tools/recordViewSnapshots.js', stops }) + '\n');
  console.log(`recorded ${stops.length} stops (${(fs.statSync(STOPS_FILE).size / 1024).toFixed(0)} KiB) in ${path.relative(ROOT, STOPS_FILE)}`);
}

void record();

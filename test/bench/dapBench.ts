/**
 * Interactive latency through the debug adapter (dist/debugAdapter.js over stdio, as VS Code runs
 * it): from a `next` request to the `stopped` event, then what the editor asks at every stop
 * (stackTrace, scopes, the locals) and the panel's snapshot (`memoryAtlas.snapshot`), on a small
 * program and on a heap of a million chunks; the bytes of every message of a stop.
 *   node out/test/bench/dapBench.js
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { benchProgram } from './benchPrograms';

const ADAPTER = process.env.MA_DAP_ADAPTER ?? path.join(__dirname, '..', '..', '..', 'dist', 'debugAdapter.js');

export interface DapLatency {
  readonly name: string;
  /** Milliseconds from `next` to the stopped event and the editor's requests answered. */
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
  /** Bytes of the largest stop's messages (stopped event, stackTrace, scopes, variables, snapshot). */
  readonly stopBytes: number;
}

const quantile = (xs: readonly number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const now = () => Number(process.hrtime.bigint()) / 1e6;
const size = (x: unknown) => JSON.stringify(x).length;

async function latency(name: string, program: string, line: number, steps: number): Promise<DapLatency> {
  const dc = new DebugClient('node', ADAPTER, 'memory-atlas');
  dc.defaultTimeout = 600_000;
  await dc.start();
  try {
    await dc.initializeRequest({ adapterID: 'memory-atlas', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
    const initialized = dc.waitForEvent('initialized');
    const launched = dc.launch({ program, stopOnEntry: false } as DebugProtocol.LaunchRequestArguments);
    await initialized;
    await dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line }] });
    const first = dc.waitForEvent('stopped');
    await dc.configurationDoneRequest();
    await launched;
    await first;
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < steps; i++) {
      const t0 = now();
      const [stop] = await Promise.all([dc.waitForEvent('stopped'), dc.nextRequest({ threadId: 1 })]);
      const trace = await dc.stackTraceRequest({ threadId: 1 });
      const scopes = await dc.scopesRequest({ frameId: trace.body.stackFrames[0].id });
      const vars = await Promise.all(scopes.body.scopes.filter((s) => !s.expensive).map((s) => dc.variablesRequest({ variablesReference: s.variablesReference })));
      const snapshot = await dc.customRequest('memoryAtlas.snapshot');
      times.push(now() - t0);
      bytes = Math.max(bytes, size(stop) + size(trace) + size(scopes) + size(vars) + size(snapshot));
    }
    return { name, p50: quantile(times, 0.5), p95: quantile(times, 0.95), max: Math.max(...times), stopBytes: bytes };
  } finally {
    await dc.stop();
  }
}

const SMALL = '#include <stdio.h>\n#include <stdlib.h>\nint main(void) {\n  int *p = malloc(4 * sizeof *p);\n  for (int i = 0; i < 40; i++)\n    p[i % 4] = i;\n  printf("%d\\n", p[3]);\n  free(p);\n  return 0;\n}\n';

export async function runDapBench(): Promise<{ small: DapLatency; large: DapLatency } | { missing: string }> {
  if (!fs.existsSync(ADAPTER)) return { missing: `${ADAPTER} is missing (npm run build)` };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memory-atlas-dap-bench-'));
  try {
    const small = path.join(dir, 'small.c');
    fs.writeFileSync(small, SMALL);
    const heapSource = benchProgram('million_chunk_heap.c');
    const heap = path.join(dir, 'million_chunk_heap.c');
    fs.writeFileSync(heap, heapSource);
    const line = heapSource.split('\n').findIndex((l) => l.includes('stepping starts here')) + 1;
    const steps = Number(process.env.MA_DAP_STEPS ?? 15);
    return { small: await latency("small program", small, 5, 2 * steps), large: await latency("1e6-chunk heap", heap, line, steps) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) runDapBench().then((r) => console.log(JSON.stringify(r)));

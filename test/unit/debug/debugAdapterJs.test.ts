import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';

/** The standalone adapter, as a DAP client outside VS Code runs it (built by `npm run build`). */
const ADAPTER = path.join(__dirname, '..', '..', '..', '..', 'dist', 'debugAdapter.js');

const SNIPPET = [
  'function makeCounter() {', //                          1
  '  let count = 0;', //                                  2
  '  return () => {', //                                  3
  '    return ++count;', //                               4
  '  };', //                                              5
  '}', //                                                 6
  'const counter = makeCounter();', //                    7
  "const keep = { name: 'survivor' };", //                8
  'let junk;', //                                         9
  'for (let i = 0; i < 40000; i++) junk = { i };', //    10
  'counter();', //                                       11
  'global.gc();', //                                     12
  'console.log(counter(), keep.name);', //               13
].join('\n');

describe('debug adapter over DAP: a JavaScript snippet through a garbage collection', function () {
  this.timeout(120_000);
  let dc: DebugClient | undefined;
  let dir: string;

  before(function () {
    if (!fs.existsSync(ADAPTER)) throw new Error(`${ADAPTER} is missing: run \`npm run build\` first`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memory-atlas-dap-js-'));
  });

  afterEach(async () => {
    await dc?.stop();
    dc = undefined;
  });

  const stopped = async (run: () => Promise<unknown>) => {
    const [event] = await Promise.all([dc!.waitForEvent('stopped'), run()]);
    return event as DebugProtocol.StoppedEvent;
  };

  /** Writes the snippet, starts the standalone adapter and launches it, up to its `initialized` event. */
  const launchSnippet = async (name: string) => {
    const program = path.join(dir, name);
    fs.writeFileSync(program, SNIPPET);
    dc = new DebugClient('node', ADAPTER, 'memory-atlas');
    dc.defaultTimeout = 60_000;
    await dc.start();
    const init = await dc.initializeRequest({ adapterID: 'memory-atlas', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
    const initialized = dc.waitForEvent('initialized');
    void dc.launch({ program, stopOnEntry: false } as DebugProtocol.LaunchRequestArguments);
    await initialized;
    return { program, dc, init };
  };

  it('stops in a .js file, shows the closure context, and sees the survivor move when the collector runs', async () => {
    const { program, dc } = await launchSnippet('gc.js');
    await dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: 4 }, { line: 9 }, { line: 13 }] });
    // Line 9: before the loop's garbage; the survivor is young.
    let stop = await stopped(() => dc!.configurationDoneRequest());
    assert.equal(stop.body.reason, 'breakpoint');
    let trace = await dc.stackTraceRequest({ threadId: 1 });
    assert.equal(trace.body.stackFrames[0].line, 9);
    const before = (await dc.evaluateRequest({ expression: 'keep', frameId: trace.body.stackFrames[0].id, context: 'watch' })).body;
    assert.equal(before.result, "{ name: 'survivor' }");
    assert.ok(before.memoryReference, 'an object shows its heap address');
    // Line 4: inside the counter (called at line 11); its `count` lives in the closure context of makeCounter.
    stop = await stopped(() => dc!.continueRequest({ threadId: 1 }));
    trace = await dc.stackTraceRequest({ threadId: 1 });
    assert.equal(trace.body.stackFrames[0].line, 4);
    const scopes = (await dc.scopesRequest({ frameId: trace.body.stackFrames[0].id })).body.scopes;
    const closure = scopes.find((s) => s.name.startsWith('Closure (makeCounter)'));
    assert.ok(closure, scopes.map((s) => s.name).join(', '));
    const captured = (await dc.variablesRequest({ variablesReference: closure!.variablesReference })).body.variables;
    assert.deepEqual(captured.map((v) => `${v.name}=${v.value}`), ['count=0']);
    // Line 13: after the scavenges and the full collection, the survivor is in old space at another address.
    stop = await stopped(() => dc!.continueRequest({ threadId: 1 }));
    trace = await dc.stackTraceRequest({ threadId: 1 });
    assert.equal(trace.body.stackFrames[0].line, 13);
    const after = (await dc.evaluateRequest({ expression: 'keep', frameId: trace.body.stackFrames[0].id, context: 'watch' })).body;
    assert.equal(after.result, "{ name: 'survivor' }");
    assert.notEqual(after.memoryReference, before.memoryReference, 'the collector moved it');
  });

  it('with the "Garbage collection" exception filter, pauses where a scavenge starts and steps it unit by unit, the managed heap changing', async () => {
    const { dc, init } = await launchSnippet('gc-steps.js');
    assert.ok(init.body?.exceptionBreakpointFilters?.some((f) => f.filter === 'gc' && f.default === false), 'the filter is offered, off by default');
    await dc.setExceptionBreakpointsRequest({ filters: ['gc'] });
    const stop = await stopped(() => dc!.configurationDoneRequest());
    assert.equal(stop.body.reason, 'garbage collection');
    assert.match(stop.body.description ?? '', /^A scavenge starts/);
    const trace = await dc.stackTraceRequest({ threadId: 1 });
    assert.equal(trace.body.stackFrames[0].line, 10, 'paused in the loop that makes the garbage');
    const heapNow = async () => ((await dc!.customRequest('memoryAtlas.snapshot')).body as { snapshot: { managedHeap: { gc?: { phase: string; steps: number }; objects: { line?: number; label: string; address: string }[] } } }).snapshot.managedHeap;
    const first = await heapNow();
    assert.deepEqual(first.gc && { phase: first.gc.phase, steps: first.gc.steps }, { phase: 'roots', steps: 0 });
    const survivorAt = (h: Awaited<ReturnType<typeof heapNow>>) => h.objects.find((o) => o.line === 8 && o.label === 'Object')?.address;
    const start = survivorAt(first);
    let unit = await stopped(() => dc!.stepInRequest({ threadId: 1 }));
    assert.equal(unit.body.reason, 'garbage collection');
    assert.match(unit.body.description ?? '', /^Scavenge, unit 1: /);
    let h = await heapNow();
    assert.equal(h.gc?.steps, 1);
    for (let i = 0; i < 200 && !/finished/.test(unit.body.description ?? ''); i++) unit = await stopped(() => dc!.stepInRequest({ threadId: 1 }));
    assert.match(unit.body.description ?? '', /^Scavenge finished after \d+ units/);
    h = await heapNow();
    assert.equal(h.gc, undefined);
    assert.notEqual(survivorAt(h), start, 'the survivor was copied');
    // Turning the filter off, the run goes on to its end (where the session stays, to step back from).
    await dc.setExceptionBreakpointsRequest({ filters: [] });
    const end = await stopped(() => dc!.continueRequest({ threadId: 1 }));
    assert.equal(end.body.reason, 'exited');
  });
});

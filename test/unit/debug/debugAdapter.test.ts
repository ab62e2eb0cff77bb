import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';

/** The standalone adapter, as a DAP client outside VS Code runs it (built by `npm run build`). */
const ADAPTER = path.join(__dirname, '..', '..', '..', '..', 'dist', 'debugAdapter.js');

const LIST = [
  '#include <stdio.h>', //                                   1
  '#include <stdlib.h>', //                                  2
  'struct node { int value; struct node *next; };', //       3
  'struct node *push(struct node *head, int v) {', //        4
  '  struct node *n = malloc(sizeof *n);', //                5
  '  n->value = v;', //                                      6
  '  n->next = head;', //                                    7
  '  return n;', //                                          8
  '}', //                                                    9
  'int main(void) {', //                                    10
  '  struct node *list = 0;', //                            11
  '  for (int i = 0; i < 4; i++)', //                       12
  '    list = push(list, i * 10);', //                      13
  '  struct node *second = list->next;', //                 14
  '  list->next = second->next;', //                        15
  '  free(second);', //                                     16
  '  printf("%d\\n", list->value);', //                     17
  '  return 0;', //                                         18
  '}', //                                                   19
].join('\n');

const UAF = LIST.replace('  printf("%d\\n", list->value);', '  printf("%d\\n", second->value);');

const LONG_LOOP = 'int main(void) {\n  long s = 0;\n  for (long i = 0; i < 3300000; i++)\n    s += i & 7;\n  return (int)(s & 0x7f);\n}\n';

let dir: string;
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};

async function start(program: string, args: Record<string, unknown> = {}): Promise<DebugClient> {
  const dc = new DebugClient('node', ADAPTER, 'memory-atlas');
  dc.defaultTimeout = 20_000;
  await dc.start();
  await dc.initializeRequest({ adapterID: 'memory-atlas', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path', supportsProgressReporting: false });
  const initialized = dc.waitForEvent('initialized');
  const launched = dc.launch({ program, stopOnEntry: true, ...args } as DebugProtocol.LaunchRequestArguments);
  await initialized;
  return Object.assign(dc, { launched });
}

async function configure(dc: DebugClient, breakpoints: DebugProtocol.SourceBreakpoint[] = [], program?: string): Promise<void> {
  if (breakpoints.length) await dc.setBreakpointsRequest({ source: { path: program }, breakpoints });
  await dc.configurationDoneRequest();
}

async function stopped(dc: DebugClient, run: () => Promise<unknown>): Promise<DebugProtocol.StoppedEvent> {
  const [event] = await Promise.all([dc.waitForEvent('stopped'), run()]);
  return event as DebugProtocol.StoppedEvent;
}

async function topLine(dc: DebugClient): Promise<number> {
  const trace = await dc.stackTraceRequest({ threadId: 1 });
  return trace.body.stackFrames[0].line;
}

async function evaluate(dc: DebugClient, expression: string, context = 'watch'): Promise<DebugProtocol.EvaluateResponse['body']> {
  return (await dc.evaluateRequest({ expression, frameId: 0, context })).body;
}

async function locals(dc: DebugClient): Promise<DebugProtocol.Variable[]> {
  const scopes = await dc.scopesRequest({ frameId: 0 });
  const ref = scopes.body.scopes.find((s) => s.name === 'Locals')!.variablesReference;
  return (await dc.variablesRequest({ variablesReference: ref })).body.variables;
}

describe('debug adapter over DAP (dist/debugAdapter.js on stdio)', function () {
  this.timeout(60_000);
  let dc: DebugClient | undefined;

  before(function () {
    if (!fs.existsSync(ADAPTER)) throw new Error(`${ADAPTER} is missing: run \`npm run build\` first`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memory-atlas-dap-'));
  });

  afterEach(async () => {
    await dc?.stop();
    dc = undefined;
  });

  it('launches, stops on entry, answers threads and the stack', async () => {
    const program = file('list.c', LIST);
    dc = await start(program);
    const entry = await stopped(dc, () => configure(dc!));
    assert.equal(entry.body.reason, 'entry');
    assert.deepEqual((await dc.threadsRequest()).body.threads.map((t) => t.name), ['main']);
    const trace = await dc.stackTraceRequest({ threadId: 1 });
    assert.equal(trace.body.stackFrames[0].name, 'main');
    assert.equal(trace.body.stackFrames[0].line, 11);
    assert.equal(trace.body.stackFrames[0].source?.path, program);
  });

  it('stops at breakpoints with a condition and with a hit count', async () => {
    const program = file('list.c', LIST);
    dc = await start(program, { stopOnEntry: false });
    const stop = await stopped(dc, () => configure(dc!, [{ line: 6, condition: 'v == 20' }], program));
    assert.equal(stop.body.reason, 'breakpoint');
    assert.equal((await evaluate(dc, 'v')).result, '20');
    await dc.stop();
    dc = await start(program, { stopOnEntry: false });
    await stopped(dc, () => configure(dc!, [{ line: 13, hitCondition: '2' }], program));
    assert.equal(await topLine(dc), 13);
    assert.equal((await evaluate(dc, 'i')).result, '1', 'the second time line 13 is reached');
  });

  it('steps in, over and out', async () => {
    const program = file('list.c', LIST);
    dc = await start(program);
    await stopped(dc, () => configure(dc!));
    await stopped(dc, () => dc!.nextRequest({ threadId: 1 }));
    await stopped(dc, () => dc!.nextRequest({ threadId: 1 }));
    assert.equal(await topLine(dc), 13);
    await stopped(dc, () => dc!.stepInRequest({ threadId: 1 }));
    assert.equal(await topLine(dc), 5);
    assert.equal((await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames[0].name, 'push');
    await stopped(dc, () => dc!.stepOutRequest({ threadId: 1 }));
    assert.equal((await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames[0].name, 'main');
    // Step Into Target: the calls the next statement makes, and into the one picked.
    while ((await topLine(dc)) !== 13) await stopped(dc, () => dc!.nextRequest({ threadId: 1 }));
    const targets = (await dc.customRequest('stepInTargets', { frameId: 0 })).body.targets as DebugProtocol.StepInTarget[];
    assert.deepEqual(targets.map((t) => t.label), ['push(list, i * 10)']);
    await stopped(dc, () => dc!.stepInRequest({ threadId: 1, targetId: targets[0].id }));
    assert.equal((await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames[0].name, 'push');
  });

  it('steps back across a free: the chunk is allocated again', async () => {
    const program = file('list.c', LIST);
    dc = await start(program, { stopOnEntry: false });
    await stopped(dc, () => configure(dc!, [{ line: 17 }], program));
    const second = (await evaluate(dc, 'second')).result;
    const chunkOf = (snapshot: { heap: { window: { chunks: { userPtr: string; state: string }[] } } }) => snapshot.heap.window.chunks.find((c) => c.userPtr === second)?.state;
    const now = (await dc.customRequest('memoryAtlas.snapshot')).body.snapshot;
    assert.equal(chunkOf(now), 'free');
    const [snapshotEvent] = await Promise.all([dc.waitForEvent('memoryAtlas.snapshot'), stopped(dc, () => dc!.stepBackRequest({ threadId: 1 }))]);
    assert.equal(await topLine(dc), 16, 'back before the free');
    assert.equal(chunkOf(snapshotEvent.body.snapshot), 'in-use');
    assert.match((await evaluate(dc, 'second', 'hover')).result, /points to heap, 16-byte block allocated at line 5/);
  });

  it('reverse-continues to the previous breakpoint hit', async () => {
    const program = file('list.c', LIST);
    dc = await start(program, { stopOnEntry: false });
    await stopped(dc, () => configure(dc!, [{ line: 6 }], program));
    await stopped(dc, () => dc!.continueRequest({ threadId: 1 }));
    await stopped(dc, () => dc!.continueRequest({ threadId: 1 }));
    assert.equal((await evaluate(dc, 'v')).result, '20');
    const back = await stopped(dc, () => dc!.reverseContinueRequest({ threadId: 1 }));
    assert.equal(back.body.reason, 'breakpoint');
    assert.equal((await evaluate(dc, 'v')).result, '10');
  });

  it('a data breakpoint on a heap field stops after the write, and reverse continue finds the writer', async () => {
    const program = file('list.c', LIST);
    dc = await start(program, { stopOnEntry: false });
    await stopped(dc, () => configure(dc!, [{ line: 14 }], program));
    const vars = await locals(dc);
    const list = vars.find((v) => v.name === 'list')!;
    const fields = (await dc.variablesRequest({ variablesReference: list.variablesReference })).body.variables;
    const info = await dc.dataBreakpointInfoRequest({ variablesReference: list.variablesReference, name: 'next' });
    assert.ok(info.body.dataId, info.body.description);
    assert.deepEqual(fields.map((f) => f.name), ['value', 'next', '[heap block]']);
    await dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [] });
    await dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId!, accessType: 'write' }] });
    const hit = await stopped(dc, () => dc!.continueRequest({ threadId: 1 }));
    assert.equal(hit.body.reason, 'data breakpoint');
    assert.match(hit.body.description ?? '', /written by line 15/);
    assert.equal(await topLine(dc), 16);
    const back = await stopped(dc, () => dc!.reverseContinueRequest({ threadId: 1 }));
    assert.equal(back.body.reason, 'data breakpoint');
    assert.equal(await topLine(dc), 15, 'before the statement that last wrote it');
    const earlier = await stopped(dc, () => dc!.reverseContinueRequest({ threadId: 1 }));
    assert.equal(earlier.body.reason, 'data breakpoint');
    assert.equal(await topLine(dc), 7, 'push wrote it when the node was made');
  });

  it('shows variables with their addresses and expands pointers to their target', async () => {
    const program = file('list.c', LIST);
    dc = await start(program, { stopOnEntry: false });
    await stopped(dc, () => configure(dc!, [{ line: 14 }], program));
    const list = (await locals(dc)).find((v) => v.name === 'list')!;
    assert.equal(list.type, 'struct node *');
    assert.match(list.value, /^0x[0-9a-f]+$/);
    assert.match(list.memoryReference ?? '', /^0x7ff/);
    const fields = (await dc.variablesRequest({ variablesReference: list.variablesReference })).body.variables;
    assert.equal(fields.find((f) => f.name === 'value')!.value, '30');
    assert.equal(fields.find((f) => f.name === 'value')!.evaluateName, 'list->value');
    assert.match(fields.find((f) => f.name === '[heap block]')!.value, /^16 bytes requested, in use; chunk at 0x[0-9a-f]+, 32 bytes/);
    const i = (await locals(dc)).find((v) => v.name === 'second');
    assert.equal(i?.value, '<uninitialized>');
  });

  it('a hover on a dangling pointer says it dangles', async () => {
    const program = file('list.c', LIST);
    dc = await start(program, { stopOnEntry: false });
    await stopped(dc, () => configure(dc!, [{ line: 17 }], program));
    const hover = await evaluate(dc, 'second', 'hover');
    assert.match(hover.result, /<dangling> · at 0x7ff[0-9a-f]+: stack, 'second' in the frame of main, \d+ bytes below its rbp · points to freed block — this pointer dangles: the 16-byte block allocated at line 5 \(in push <- main\) and freed at line 16 \(in main\)/);
    assert.match((await evaluate(dc, 'list->next->value', 'hover')).result, /^10 · at 0x5555/);
  });

  it('reads and writes the simulated bytes (the memory view)', async () => {
    const program = file('list.c', LIST);
    dc = await start(program, { stopOnEntry: false });
    await stopped(dc, () => configure(dc!, [{ line: 14 }], program));
    const list = (await evaluate(dc, 'list')).result;
    const read = await dc.customRequest('readMemory', { memoryReference: list, offset: 0, count: 8 });
    const bytes = Buffer.from(read.body.data, 'base64');
    assert.equal(bytes.readInt32LE(0), 30);
    const memory = dc.waitForEvent('memory');
    await dc.customRequest('writeMemory', { memoryReference: list, offset: 0, data: Buffer.from(Int32Array.of(77).buffer).toString('base64') });
    await memory;
    assert.equal((await evaluate(dc, 'list->value')).result, '77');
    const unmapped = await dc.customRequest('readMemory', { memoryReference: '0x1000', count: 16 });
    assert.equal(unmapped.body.unreadableBytes, 16);
  });

  it('pauses a ten-million-step loop', async () => {
    const program = file('loop.c', LONG_LOOP);
    dc = await start(program, { stopOnEntry: false, stepLimit: 50_000_000 });
    await configure(dc);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const pause = await stopped(dc, () => dc!.pauseRequest({ threadId: 1 }));
    assert.equal(pause.body.reason, 'pause');
    assert.ok([3, 4].includes(await topLine(dc)));
    assert.notEqual((await evaluate(dc, 'i')).result, '3300000');
  });

  it('stops just before a use after free with the text of the command-line report', async () => {
    const program = file('uaf.c', UAF);
    dc = await start(program, { stopOnEntry: false });
    const stop = await stopped(dc, () => configure(dc!));
    assert.equal(stop.body.reason, 'exception');
    assert.equal(await topLine(dc), 17);
    const info = await dc.exceptionInfoRequest({ threadId: 1 });
    assert.equal(info.body.exceptionId, 'use-after-free');
    assert.match(info.body.description ?? '', /^use-after-free: READ of 4 bytes at 0x[0-9a-f]+, line 17 \(in main\)\n {2}0x[0-9a-f]+ is 0 bytes inside the 16-byte block allocated at line 5 \(in push <- main\) and freed at line 16 \(in main\)$/);
  });

  it('at exit, the console shows the status, the errors and the leak summary, with links to lines', async () => {
    const program = file('list.c', LIST);
    dc = await start(program, { stopOnEntry: false });
    const output: DebugProtocol.OutputEvent[] = [];
    dc.on('output', (e: DebugProtocol.OutputEvent) => output.push(e));
    const end = await stopped(dc, () => configure(dc!));
    assert.equal(end.body.reason, 'exited');
    const text = output.map((e) => e.body.output).join('');
    assert.match(text, /^30\n/m, 'the program printed as it ran');
    assert.match(text, /exited with status 0 after \d+ steps/);
    assert.match(text, /24 bytes in 3 blocks|definitely lost/);
    assert.match(text, /leak summary:/);
    const linked = output.filter((e) => e.body.line !== undefined && /lost|pointer went/.test(e.body.output));
    assert.ok(linked.length > 0, 'loss records link to their lines');
    assert.equal(linked[0].body.source?.path, program);
    // From the end one can step back; continuing ends the session.
    await stopped(dc, () => dc!.stepBackRequest({ threadId: 1 }));
    assert.equal(await topLine(dc), 19);
  });

  it('function breakpoints, breakpoint locations, logpoints and completions', async () => {
    const program = file('list.c', LIST);
    dc = await start(program, { stopOnEntry: false });
    const output: string[] = [];
    dc.on('output', (e: DebugProtocol.OutputEvent) => output.push(e.body.output));
    await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'push' }, { name: 'pop' }] }).then((r) => {
      assert.deepEqual(r.body.breakpoints.map((b) => b.verified), [true, false]);
    });
    await dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: 17, logMessage: 'value={list->value}' }] });
    const locations = (await dc.customRequest('breakpointLocations', { source: { path: program }, line: 12 })) as DebugProtocol.BreakpointLocationsResponse;
    assert.ok(locations.body.breakpoints.length >= 3, 'a for header has three places to stop');
    const stop = await stopped(dc, () => configure(dc!));
    assert.equal(stop.body.reason, 'breakpoint');
    assert.equal((await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames[0].name, 'push');
    const completions = await dc.completionsRequest({ text: 'n->', column: 4, frameId: 0 });
    assert.deepEqual(completions.body.targets.map((t) => t.label), ['value', 'next']);
    await dc.setFunctionBreakpointsRequest({ breakpoints: [] });
    await stopped(dc, () => dc!.continueRequest({ threadId: 1 }));
    assert.ok(output.includes('value=30\n'), output.join(''));
  });

  it('sets a variable (the views are told to refresh), formats as hex, and restarts', async () => {
    const program = file('list.c', LIST);
    dc = await start(program, { stopOnEntry: false });
    await stopped(dc, () => configure(dc!, [{ line: 6 }], program));
    const scopes = await dc.scopesRequest({ frameId: 0 });
    const args = scopes.body.scopes.find((x) => x.name === 'Arguments')!.variablesReference;
    await dc.variablesRequest({ variablesReference: args });
    const invalidated = dc.waitForEvent('invalidated');
    const set = await dc.setVariableRequest({ variablesReference: args, name: 'v', value: '255' });
    assert.equal(set.body.value, '255');
    await invalidated;
    assert.equal((await dc.evaluateRequest({ expression: 'v', frameId: 0, context: 'watch', format: { hex: true } })).body.result, '0xff');
    await stopped(dc, () => dc!.stepInRequest({ threadId: 1 }));
    assert.equal((await evaluate(dc, 'n->value')).result, '255', 'the program goes on with the new value');
    const restarted = await stopped(dc, () => dc!.customRequest('restart', {}));
    assert.equal(restarted.body.reason, 'breakpoint');
    assert.equal((await evaluate(dc, 'v')).result, '0', 'a fresh run');
  });
});

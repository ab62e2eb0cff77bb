import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { MemoryAtlasDebugSession } from '../../../src/debug/memoryAtlasDebugSession';
import type { Language } from '../../../src/engine/program/language';

/**
 * The debug adapter served in this process on a local port (as vscode-mock-debug's tests do), with
 * a DAP client that records the Debug Console. Running in-process lets a test inject a defect into
 * Memory Atlas and watch the adapter's boundary catch it.
 */
export class DapHarness {
  private server: net.Server | undefined;
  private port = 0;
  dc: DebugClient | undefined;
  private output: string[] = [];

  constructor(private readonly languages: readonly Language[]) {}

  async listen(): Promise<void> {
    this.server = net.createServer((socket) => {
      const session = new MemoryAtlasDebugSession([...this.languages], { readText: (p) => fs.readFileSync(p, 'utf8') });
      session.setRunAsServer(true);
      session.start(socket, socket);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  close(): void {
    this.server?.close();
  }

  async stop(): Promise<void> {
    await this.dc?.stop();
    this.dc = undefined;
  }

  /** Initializes and sends the launch request; the launch's response is left to the caller. */
  async start(args: Record<string, unknown>): Promise<{ dc: DebugClient; launched: Promise<DebugProtocol.LaunchResponse> }> {
    const dc = new DebugClient('node', 'unused', 'memory-atlas');
    this.dc = dc;
    dc.defaultTimeout = 30_000;
    this.output = [];
    dc.on('output', (e: DebugProtocol.OutputEvent) => this.output.push(e.body.output));
    await dc.start(this.port);
    await dc.initializeRequest({ adapterID: 'memory-atlas', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
    const launched = dc.launch({ stopOnEntry: false, ...args } as DebugProtocol.LaunchRequestArguments);
    return { dc, launched };
  }

  /** Launches and lets it run: the first `event` it comes to. */
  async runTo(args: Record<string, unknown>, event = 'stopped', exceptionFilters?: string[]): Promise<DebugProtocol.Event> {
    const { dc, launched } = await this.start(args);
    const configure = async () => {
      await launched;
      if (exceptionFilters) await dc.setExceptionBreakpointsRequest({ filters: exceptionFilters });
      return dc.configurationDoneRequest();
    };
    const [stop] = await Promise.all([dc.waitForEvent(event), configure()]);
    return stop;
  }

  /** Each output event's text, in order. */
  get outputs(): readonly string[] {
    return this.output;
  }

  /** All the Debug Console printed. */
  printed(): string {
    return this.output.join('');
  }

  /** Goes on past every stop until `text` was printed or the session ends. */
  async continueUntilPrinted(text: string): Promise<void> {
    const dc = this.dc!;
    for (let i = 0; i < 10 && !this.printed().includes(text); i++) {
      await Promise.all([Promise.race([dc.waitForEvent('stopped'), dc.waitForEvent('terminated')]), dc.continueRequest({ threadId: 1 })]);
    }
    assert.ok(this.printed().includes(text), `expected ${JSON.stringify(text)} in ${JSON.stringify(this.printed())}`);
  }

  /** The Debug Console shows no internal error and no JS stack trace. */
  assertNoCrash(): void {
    assert.doesNotMatch(this.printed(), /internal error/);
    assert.doesNotMatch(this.printed(), /\n\s+at .+:\d+:\d+\)/, 'a JS stack trace');
  }
}

import {
  DebugSession, Event, InitializedEvent, InvalidatedEvent, MemoryEvent, OutputEvent, ProgressEndEvent, ProgressStartEvent,
  ProgressUpdateEvent, Source, StoppedEvent, TerminatedEvent, ExitedEvent, Thread,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Language } from '../engine/program/language';
import { isInspectionError, type InspectedValue } from '../engine/program/programInspector';
import { formatDiagnostic, hasErrors } from '../shared/diagnostics';
import { internalErrorSite } from '../engine/program/internalError';
import { type InternalError, internalErrorText } from '../shared/runReport';
import { openSession, UnknownLanguage } from '../session/openSession';
import type { BreakpointSpec, Command, Session } from '../session/session';
import { SessionBusy } from '../session/session';
import type { SessionEvent, StopEvent } from '../session/sessionEvents';
import { dapVariable, formatted, hoverText, memoryReference, parseMemoryReference } from './dapValues';
import { GC_FILTER, exceptionBreakpointFilters, faultKindsOf, filterOf } from './exceptionFilters';
import { type LaunchArguments, sessionOptionsOf } from './launchArguments';
import { stoppedBody } from './stopEvents';
import { VariableStore } from './variableStore';
import { answerCustomRequest } from './customRequests';
import { TourGuide } from './tourGuide';
import { parseAnnotations } from '../shared/annotations';
import { ANSWER_REQUEST, TOUR_EVENT } from '../shared/tour';
import { breakpointLine } from '../session/session';
import { SNAPSHOT_EVENT } from './eventNames';

const THREAD_ID = 1;
/** A sliced command that runs longer than this shows a progress notification with a Cancel button. */
const PROGRESS_AFTER_MS = 600;

/** How the adapter reaches files: Node's fs when standalone, the same in the extension host. */
export interface FileAccess {
  readText(path: string): string;
}

export { SNAPSHOT_EVENT };

/**
 * The debug adapter: one small handler per DAP request, translating to the session layer
 * (src/session) and the program's inspector. It runs inline in the extension host and,
 * unchanged, over stdio (debugAdapterMain.ts) for any DAP client.
 */
export class MemoryAtlasDebugSession extends DebugSession {
  private session?: Session;
  private launchArgs?: LaunchArguments;
  /** The program's annotations at work: narration, questions, milestones (tourGuide.ts). */
  private tour?: TourGuide;
  private openedText = '';
  /** Lines the user's own breakpoints stop at (a stop there is theirs, not the annotations'). */
  private userLines: ReadonlySet<number> = new Set();
  private readonly variables = new VariableStore();
  private lineSpecs: BreakpointSpec[] = [];
  private functionNames: string[] = [];
  private exceptionFilters: string[] = exceptionBreakpointFilters().filter((f) => f.default).map((f) => f.filter);
  /** Names of the data breakpoints, by dataId, for the stop's description. */
  private readonly dataBreakpointNames = new Map<string, string>();
  /** What dataBreakpointInfo said of each dataId it gave out. */
  private readonly dataBreakpointDescriptions = new Map<string, string>();
  private configurationDone = false;
  private started = false;
  private progressReporting = false;
  private progressCount = 0;

  constructor(private readonly languages: readonly Language[], private readonly files: FileAccess) {
    super();
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
  }

  // ---- start-up ----

  protected override initializeRequest(response: DebugProtocol.InitializeResponse, args: DebugProtocol.InitializeRequestArguments): void {
    this.progressReporting = args.supportsProgressReporting === true;
    response.body = {
      supportsConfigurationDoneRequest: true,
      supportsFunctionBreakpoints: true,
      supportsConditionalBreakpoints: true,
      supportsHitConditionalBreakpoints: true,
      supportsLogPoints: true,
      supportsEvaluateForHovers: true,
      supportsStepBack: true,
      supportsSetVariable: true,
      supportsSetExpression: true,
      supportsRestartRequest: true,
      supportsTerminateRequest: true,
      supportsReadMemoryRequest: true,
      supportsWriteMemoryRequest: true,
      supportsDataBreakpoints: true,
      supportsDataBreakpointBytes: true,
      supportsExceptionInfoRequest: true,
      exceptionBreakpointFilters: exceptionBreakpointFilters(),
      supportsSteppingGranularity: true,
      supportsStepInTargetsRequest: true,
      supportsBreakpointLocationsRequest: true,
      supportsCompletionsRequest: true,
      completionTriggerCharacters: ['.', '>'],
      supportsCancelRequest: true,
      supportsValueFormattingOptions: true,
      supportsDelayedStackTraceLoading: false,
      supportsClipboardContext: true,
    };
    this.sendResponse(response);
  }

  protected override async launchRequest(response: DebugProtocol.LaunchResponse, args: LaunchArguments): Promise<void> {
    await this.guard(response, async () => {
      if (typeof args.program !== 'string' || !args.program) return this.fail(response, "the launch configuration names no 'program' (the .c file to run)");
      const session = await this.open(args);
      if (typeof session === 'string') return this.fail(response, session);
      this.launchArgs = args;
      this.attach(session);
      this.sendEvent(new InitializedEvent());
      this.sendResponse(response);
      this.startIfReady();
    });
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.configurationDone = true;
    this.sendResponse(response);
    this.startIfReady();
  }

  /** Opens the program; a string says why it cannot run. */
  private async open(args: LaunchArguments): Promise<Session | string> {
    const options = sessionOptionsOf(args, (p) => this.files.readText(p));
    if ('error' in options) return options.error;
    let text = args.sourceText;
    if (text === undefined) {
      try {
        text = this.files.readText(args.program);
      } catch (e) {
        return `cannot read ${args.program}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
      }
    }
    let session: Session;
    try {
      session = await openSession(this.languages, args.program, text, options, args.language === 'c' || args.language === 'js' ? args.language : undefined);
      this.openedText = text;
    } catch (e) {
      if (e instanceof UnknownLanguage) return e.message;
      throw e;
    }
    const name = args.program.split(/[\\/]/).pop() ?? args.program;
    for (const d of session.diagnostics) this.console(formatDiagnostic(name, d), d.severity === 'error' ? 'stderr' : 'console', d.range.startLine);
    if (hasErrors(session.diagnostics) || session.state === 'invalid') {
      const errors = session.diagnostics.filter((d) => d.severity === 'error');
      return `${name} cannot run: ${errors.length} error${errors.length === 1 ? '' : 's'} (${errors[0] ? `line ${errors[0].range.startLine}: ${errors[0].message}` : 'see the Debug Console'})`;
    }
    return session;
  }

  private attach(session: Session): void {
    this.session = session;
    this.tour = new TourGuide(session, parseAnnotations(this.openedText));
    session.onEvent((e: SessionEvent) => {
      if (e.kind === 'output') this.console(e.text, e.stream === 'console' ? 'console' : e.stream, e.line, e.stream !== 'console');
    });
    session.setFaultStops(faultKindsOf(this.exceptionFilters));
    session.setGcStops(this.exceptionFilters.includes(GC_FILTER));
    this.applyBreakpoints();
  }

  private startIfReady(): void {
    if (!this.session || !this.configurationDone || this.started) return;
    this.started = true;
    const args = this.launchArgs!;
    if (args.noDebug) void this.execute({ kind: 'run' });
    else if (args.stopOnEntry === false) void this.execute({ kind: 'continue' });
    else this.reportStop(this.session.lastEvent);
  }

  // ---- breakpoints ----

  protected override setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): void {
    this.lineSpecs = (args.breakpoints ?? []).map((b) => ({
      line: this.convertClientLineToDebugger(b.line),
      ...(b.condition ? { condition: b.condition } : {}),
      ...(b.hitCondition ? { hitCondition: b.hitCondition } : {}),
      ...(b.logMessage !== undefined ? { logMessage: b.logMessage } : {}),
    }));
    const placed = this.applyBreakpoints().slice(0, this.lineSpecs.length);
    response.body = {
      breakpoints: this.lineSpecs.map((spec, i) => {
        const p = placed[i];
        if (!this.session) return { verified: true, line: this.convertDebuggerLineToClient(spec.line) };
        return p?.line !== undefined ? { verified: true, line: this.convertDebuggerLineToClient(p.line) } : { verified: false, message: p?.message ?? 'no statement here' };
      }),
    };
    this.sendResponse(response);
  }

  protected override setFunctionBreakPointsRequest(response: DebugProtocol.SetFunctionBreakpointsResponse, args: DebugProtocol.SetFunctionBreakpointsArguments): void {
    this.functionNames = args.breakpoints.map((b) => b.name.trim());
    const placed = this.applyBreakpoints().slice(this.lineSpecs.length);
    response.body = {
      breakpoints: this.functionNames.map((name, i) => {
        const p = placed[i];
        return p?.line !== undefined ? { verified: true, line: p.line } : { verified: false, message: `no function '${name}' in this program` };
      }),
    };
    this.sendResponse(response);
  }

  /** Line and function breakpoints go to the session together (a function breakpoint is its first statement's line). */
  private applyBreakpoints(): { line?: number; message?: string }[] {
    const session = this.session;
    if (!session || !session.program.runnable) return [];
    const functionSpecs = this.functionNames.map((name) => ({ line: session.program.functionLine(name) ?? -1 }));
    const user = [...this.lineSpecs, ...functionSpecs.filter((s) => s.line > 0)];
    // The annotations' stops come last, on lines no breakpoint of the user's holds.
    const userLines = new Set(user.map((s) => breakpointLine(session.program.statementLines, s.line) ?? -1));
    this.userLines = userLines;
    const placed = session.placeBreakpoints([...user, ...(this.tour?.specs(userLines) ?? [])]);
    let k = this.lineSpecs.length;
    return [...placed.slice(0, this.lineSpecs.length), ...functionSpecs.map((s) => (s.line > 0 ? placed[k++] : { message: 'not found' }))];
  }

  protected override breakpointLocationsRequest(response: DebugProtocol.BreakpointLocationsResponse, args: DebugProtocol.BreakpointLocationsArguments): void {
    const program = this.session?.program;
    const start = this.convertClientLineToDebugger(args.line);
    const end = args.endLine !== undefined ? this.convertClientLineToDebugger(args.endLine) : start;
    response.body = {
      breakpoints: program?.runnable ? program.statementPositions(start, end).map((p) => ({ line: this.convertDebuggerLineToClient(p.line), column: this.convertDebuggerColumnToClient(p.column) })) : [],
    };
    this.sendResponse(response);
  }

  protected override setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): void {
    this.exceptionFilters = [...args.filters, ...(args.filterOptions ?? []).map((f) => f.filterId)];
    this.session?.setFaultStops(faultKindsOf(this.exceptionFilters));
    this.session?.setGcStops(this.exceptionFilters.includes(GC_FILTER));
    response.body = { breakpoints: this.exceptionFilters.map(() => ({ verified: true })) };
    this.sendResponse(response);
  }

  protected override dataBreakpointInfoRequest(response: DebugProtocol.DataBreakpointInfoResponse, args: DebugProtocol.DataBreakpointInfoArguments): void {
    const target = this.dataTarget(args);
    if (typeof target !== 'string') this.dataBreakpointDescriptions.set(`${target.address}:${target.size}`, target.description);
    response.body = typeof target === 'string'
      ? { dataId: null, description: target }
      : { dataId: `${target.address}:${target.size}`, description: target.description, accessTypes: ['write'], canPersist: false };
    this.sendResponse(response);
  }

  /** The bytes a data breakpoint would watch: a variable, a field, an expression, or an address range. */
  private dataTarget(args: DebugProtocol.DataBreakpointInfoArguments): { address: number; size: number; description: string } | string {
    const session = this.session;
    if (!session?.program.runnable || session.state === 'exited') return 'the program is not running';
    if (args.asAddress) {
      const address = parseMemoryReference(args.name);
      const size = args.bytes ?? 1;
      if (address === undefined) return `'${args.name}' is not an address`;
      return { address, size, description: `${size} byte${size === 1 ? '' : 's'} at ${memoryReference(address)}` };
    }
    const value = args.variablesReference ? this.variables.find(args.variablesReference, args.name) : this.evaluateValue(args.name, args.frameId ?? 0);
    if (!value || isInspectionError(value)) return value ? value.error : `no variable '${args.name}' here`;
    if (value.address === undefined || !value.size) return `'${args.name}' is not in memory (a computed value)`;
    return { address: value.address, size: value.size, description: `${value.expression ?? value.name} (${value.size} bytes at ${memoryReference(value.address)})` };
  }

  protected override setDataBreakpointsRequest(response: DebugProtocol.SetDataBreakpointsResponse, args: DebugProtocol.SetDataBreakpointsArguments): void {
    const ranges: { address: number; size: number }[] = [];
    const results: DebugProtocol.Breakpoint[] = [];
    this.dataBreakpointNames.clear();
    for (const b of args.breakpoints) {
      const m = /^(\d+):(\d+)$/.exec(b.dataId);
      if (!m) {
        results.push({ verified: false, message: `unknown data breakpoint ${b.dataId}` });
        continue;
      }
      const range = { address: Number(m[1]), size: Number(m[2]) };
      ranges.push(range);
      this.dataBreakpointNames.set(b.dataId, this.dataBreakpointDescriptions.get(b.dataId) ?? `${range.size} bytes at ${memoryReference(range.address)}`);
      results.push({ verified: true, message: `stops after a statement that writes ${range.size} byte${range.size === 1 ? '' : 's'} at ${memoryReference(range.address)}` });
    }
    this.session?.setDataBreakpoints(ranges);
    response.body = { breakpoints: results };
    this.sendResponse(response);
  }

  // ---- running ----

  protected override continueRequest(response: DebugProtocol.ContinueResponse): void {
    response.body = { allThreadsContinued: true };
    this.run(response, { kind: 'continue' });
  }

  protected override nextRequest(response: DebugProtocol.NextResponse, args: DebugProtocol.NextArguments): void {
    this.run(response, { kind: 'step-over', granularity: granularityOf(args.granularity) });
  }

  protected override stepInRequest(response: DebugProtocol.StepInResponse, args: DebugProtocol.StepInArguments): void {
    if (args.targetId !== undefined) this.run(response, { kind: 'step-in-target', target: args.targetId });
    else this.run(response, { kind: 'step-in', granularity: granularityOf(args.granularity) });
  }

  /** "Step Into Target": the calls the statement makes, in the order it makes them (`f(g(x))`: g, then f). */
  protected override stepInTargetsRequest(response: DebugProtocol.StepInTargetsResponse, args: DebugProtocol.StepInTargetsArguments): void {
    const session = this.session;
    const targets = session?.state === 'paused' && args.frameId === 0 ? session.program.stepInTargets() : [];
    response.body = { targets: targets.map((t, id) => ({ id, label: t.label, line: this.convertDebuggerLineToClient(t.line) })) };
    this.sendResponse(response);
  }

  protected override stepOutRequest(response: DebugProtocol.StepOutResponse): void {
    this.run(response, { kind: 'step-out' });
  }

  protected override stepBackRequest(response: DebugProtocol.StepBackResponse, args: DebugProtocol.StepBackArguments): void {
    // VS Code sends no granularity and means "back to the statement I saw before"; 'instruction' means exactly one statement.
    this.run(response, { kind: 'step-back', to: args.granularity === 'instruction' ? 'previous-statement' : 'previous-stop' });
  }

  protected override reverseContinueRequest(response: DebugProtocol.ReverseContinueResponse): void {
    this.run(response, { kind: 'reverse-continue' });
  }

  protected override pauseRequest(response: DebugProtocol.PauseResponse): void {
    this.session?.pause();
    this.sendResponse(response);
  }

  protected override cancelRequest(response: DebugProtocol.CancelResponse): void {
    // The only long-running work is a command in slices: cancelling it stops it at the next statement.
    this.session?.pause();
    this.sendResponse(response);
  }

  protected override async restartRequest(response: DebugProtocol.RestartResponse, args: DebugProtocol.RestartArguments): Promise<void> {
    await this.guard(response, async () => {
      const launch = { ...this.launchArgs!, ...((args?.arguments as LaunchArguments | undefined) ?? {}) };
      this.session?.pause();
      const session = await this.open({ ...launch, sourceText: this.readable(launch.program) ? undefined : launch.sourceText });
      if (typeof session === 'string') return this.fail(response, session);
      this.launchArgs = launch;
      this.attach(session);
      this.sendResponse(response);
      this.started = false;
      this.startIfReady();
    });
  }

  protected override terminateRequest(response: DebugProtocol.TerminateResponse): void {
    this.session?.pause();
    this.sendResponse(response);
    this.sendEvent(new TerminatedEvent());
  }

  protected override disconnectRequest(response: DebugProtocol.DisconnectResponse): void {
    this.session?.pause();
    this.sendResponse(response);
  }

  /** Answers the request at once, then runs the command in slices and reports where it stopped. */
  private run(response: DebugProtocol.Response, command: Command): void {
    const session = this.session;
    if (!session) return this.fail(response, 'the program is not loaded');
    if (session.state === 'running') return this.fail(response, 'the program is running: pause it first');
    if (session.state === 'exited' && command.kind !== 'step-back' && command.kind !== 'reverse-continue') {
      this.sendResponse(response);
      this.sendEvent(new TerminatedEvent());
      return;
    }
    this.sendResponse(response);
    void this.execute(command);
  }

  private async execute(asked: Command): Promise<void> {
    const session = this.session!;
    const command = this.tour?.adjust(asked) ?? asked;
    this.variables.reset();
    const progress = this.progressFor(session);
    try {
      const stop = await session.begin(command);
      if (this.session !== session) return; // restarted meanwhile
      this.reportStop(stop);
    } catch (e) {
      if (e instanceof SessionBusy) return;
      this.internalError(e, 'running');
      // The program's state is unknown after a defect: end the session rather than leave the UI running.
      this.sendEvent(new TerminatedEvent());
    } finally {
      progress.end();
    }
  }

  /** A progress notification (cancellable) for a command that runs long, with the steps run so far. */
  private progressFor(session: Session): { end(): void } {
    if (!this.progressReporting) return { end: () => undefined };
    const id = `memory-atlas-run-${++this.progressCount}`;
    let shown = false;
    const show = setTimeout(() => {
      shown = true;
      const start = new ProgressStartEvent(id, 'Memory Atlas: running the program', `${session.steps.toLocaleString('en-US')} steps`) as DebugProtocol.ProgressStartEvent;
      start.body.cancellable = true;
      this.sendEvent(start);
    }, PROGRESS_AFTER_MS);
    const update = setInterval(() => {
      if (shown) this.sendEvent(new ProgressUpdateEvent(id, `${session.steps.toLocaleString('en-US')} steps`));
    }, 1000);
    return {
      end: () => {
        clearTimeout(show);
        clearInterval(update);
        if (shown) this.sendEvent(new ProgressEndEvent(id));
      },
    };
  }

  private reportStop(stop: StopEvent): void {
    const session = this.session!;
    this.variables.reset();
    if (stop.kind === 'exited') {
      this.console(`${exitText(stop)} after ${stop.steps.toLocaleString('en-US')} steps\n`, 'console');
      for (const line of session.program.summary()) this.console(`${line.text}\n`, 'console', line.line);
      if (this.launchArgs?.noDebug) {
        this.sendEvent(new ExitedEvent(stop.code ?? 128));
        this.sendEvent(new TerminatedEvent());
        return;
      }
      // The session stays: the user can step back from the end. Going on ends the debug session.
      const exited = new StoppedEvent('exited', THREAD_ID) as DebugProtocol.StoppedEvent;
      exited.body = { reason: 'exited', threadId: THREAD_ID, allThreadsStopped: true, description: `${exitText(stop)}: step back to look at the run, continue to end the session` };
      this.sendEvent(exited);
    } else {
      const stopped = new StoppedEvent(stop.reason, THREAD_ID) as DebugProtocol.StoppedEvent;
      stopped.body = stoppedBody(stop, THREAD_ID, this.dataBreakpointNames);
      // A stop the annotations made says so ("Paused at a question"), not "on breakpoint".
      const why = stop.reason === 'breakpoint' && !this.userLines.has(stop.line) ? this.tour?.pauseReason(stop.line) : undefined;
      if (why) stopped.body.description = why;
      // A collection's start and end are worth a line in the Debug Console (the units between are not).
      if (stop.reason === 'gc' && stop.message && (stop.collection?.units === 0 || stop.collection?.finished)) this.console(`${stop.message}\n`, 'console', stop.line);
      this.sendEvent(stopped);
    }
    this.sendSnapshot();
    this.sendTour(stop);
  }

  /** What the annotations say at this stop (narration, a question, reveals, milestones), for the editor and the panel. */
  private sendTour(stop: StopEvent): void {
    if (!this.tour?.annotated) return;
    try {
      const { state, changed } = this.tour.onStop(stop);
      if (changed) this.applyBreakpoints();
      this.sendEvent(new Event(TOUR_EVENT, state));
    } catch (e) {
      this.internalError(e);
    }
  }

  /** The memory panel's picture of this stop (the extension forwards it; a standalone client may ignore it). */
  private sendSnapshot(): void {
    const session = this.session;
    if (!session?.program.runnable) return;
    try {
      this.sendEvent(new Event(SNAPSHOT_EVENT, { snapshot: session.snapshot(), marks: session.program.heapMarks() }));
    } catch (e) {
      this.internalError(e);
    }
  }

  // ---- looking at the paused program ----

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    response.body = { threads: [new Thread(THREAD_ID, 'main')] };
    this.sendResponse(response);
  }

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
    const session = this.session;
    if (!session?.program.runnable) {
      response.body = { stackFrames: [], totalFrames: 0 };
      return this.sendResponse(response);
    }
    const source = this.source();
    const frames = session.state === 'exited' ? [] : session.program.inspector.frames();
    const start = args.startFrame ?? 0;
    const count = args.levels ? Math.min(args.levels, frames.length - start) : frames.length - start;
    const stackFrames: DebugProtocol.StackFrame[] = frames.slice(start, start + count).map((f, i) => ({
      id: start + i,
      name: f.name,
      source,
      line: this.convertDebuggerLineToClient(f.line),
      column: this.convertDebuggerColumnToClient(f.range?.startColumn ?? 1),
      ...(f.range ? { endLine: this.convertDebuggerLineToClient(f.range.endLine), endColumn: this.convertDebuggerColumnToClient(f.range.endColumn) } : {}),
      ...(f.instructionAddress !== undefined ? { instructionPointerReference: memoryReference(f.instructionAddress) } : {}),
    }));
    if (session.state === 'exited') {
      const stop = session.lastEvent;
      stackFrames.push({ id: 0, name: stop.kind === 'exited' ? exitText(stop) : 'exited', line: 0, column: 0, presentationHint: 'label' });
    }
    response.body = { stackFrames, totalFrames: session.state === 'exited' ? 1 : frames.length };
    this.sendResponse(response);
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    const session = this.session;
    const scopes = session?.program.runnable && session.state !== 'exited' ? session.program.inspector.scopes(args.frameId) : [];
    response.body = {
      scopes: scopes.map((s, i) => ({
        name: s.name,
        presentationHint: s.kind === 'locals' ? 'locals' : s.kind === 'arguments' ? 'arguments' : s.kind === 'registers' ? 'registers' : undefined,
        variablesReference: this.variables.add({ kind: 'scope', frame: args.frameId, scope: i }),
        namedVariables: s.values.length,
        expensive: s.expensive ?? false,
      })),
    };
    this.sendResponse(response);
  }

  protected override variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    const session = this.session;
    const container = this.variables.get(args.variablesReference);
    if (!session || !container || session.state === 'running') {
      response.body = { variables: [] };
      return this.sendResponse(response);
    }
    const inspector = session.program.inspector;
    let values = container.kind === 'scope' ? inspector.scopes(container.frame)[container.scope]?.values ?? [] : inspector.children(container.key);
    if (args.filter === 'indexed' && args.start !== undefined) values = values.slice(args.start, args.start + (args.count ?? values.length));
    this.variables.remember(args.variablesReference, values);
    response.body = { variables: values.map((v) => dapVariable(v, this.referenceFor(v, container.frame), args.format?.hex)) };
    this.sendResponse(response);
  }

  private referenceFor(v: InspectedValue, frame: number): number {
    return v.children ? this.variables.add({ kind: 'children', frame, key: v.children }) : 0;
  }

  protected override evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): void {
    const session = this.session;
    if (!session?.program.runnable || session.state === 'running') return this.fail(response, session?.state === 'running' ? 'the program is running' : 'the program is not loaded');
    if (session.state === 'exited') return this.fail(response, 'the program has exited: step back to look at its variables');
    const frame = args.frameId ?? 0;
    const context = args.context === 'hover' ? 'hover' : args.context === 'repl' ? 'repl' : 'watch';
    const evaluate = () => session.program.inspector.evaluate(args.expression, frame, context);
    // In the Debug Console, `x = 5` assigns: a change to the program, a new branch of its history.
    const assigns = context === 'repl' && /^[^=!<>]*[^=!<>+\-*/%&|^]=[^=]/.test(args.expression);
    const v = assigns ? session.edit(evaluate) : evaluate();
    if (isInspectionError(v)) return this.fail(response, v.error);
    response.body = {
      result: context === 'hover' ? hoverText(v, args.format?.hex) : formatted(v.value, args.format?.hex),
      type: v.type,
      variablesReference: this.referenceFor(v, frame),
      ...(v.indexedCount !== undefined ? { indexedVariables: v.indexedCount } : {}),
      ...(v.address !== undefined ? { memoryReference: memoryReference(v.address) } : {}),
    };
    this.sendResponse(response);
    if (assigns) this.changed();
  }

  private evaluateValue(expression: string, frame: number) {
    return this.session!.program.inspector.evaluate(expression, frame, 'watch');
  }

  protected override setVariableRequest(response: DebugProtocol.SetVariableResponse, args: DebugProtocol.SetVariableArguments): void {
    const session = this.session;
    const container = this.variables.get(args.variablesReference);
    const target = this.variables.find(args.variablesReference, args.name);
    if (!session || !container || !target?.expression) return this.fail(response, `cannot set '${args.name}' here`);
    this.assign(response, target.expression, args.value, container.frame, args.format?.hex);
  }

  protected override setExpressionRequest(response: DebugProtocol.SetExpressionResponse, args: DebugProtocol.SetExpressionArguments): void {
    this.assign(response, args.expression, args.value, args.frameId ?? 0, args.format?.hex);
  }

  private assign(response: DebugProtocol.SetVariableResponse | DebugProtocol.SetExpressionResponse, target: string, value: string, frame: number, hex?: boolean): void {
    const session = this.session;
    if (!session || session.state !== 'paused') return this.fail(response, 'the program is not paused');
    const v = session.edit(() => session.program.inspector.assign(target, value, frame));
    if (isInspectionError(v)) return this.fail(response, v.error);
    response.body = { value: formatted(v.value, hex), type: v.type, variablesReference: this.referenceFor(v, frame) };
    this.sendResponse(response);
    this.changed(v.address, v.size);
  }

  /** After the user changed the program: every view refreshes (Variables, memory views, the panel). */
  private changed(address?: number, size?: number): void {
    this.sendEvent(new InvalidatedEvent(['variables']));
    if (address !== undefined && size) this.sendEvent(new MemoryEvent(memoryReference(address), 0, size));
    this.sendSnapshot();
  }

  protected override completionsRequest(response: DebugProtocol.CompletionsResponse, args: DebugProtocol.CompletionsArguments): void {
    const session = this.session;
    if (!session?.program.runnable || session.state !== 'paused') {
      response.body = { targets: [] };
      return this.sendResponse(response);
    }
    const upTo = args.text.slice(0, Math.max(0, args.column - 1));
    const partial = /(\w*)$/.exec(upTo)?.[1] ?? '';
    response.body = {
      targets: session.program.inspector.completions(upTo, args.frameId ?? 0).map((label) => ({ label, start: upTo.length - partial.length, length: partial.length, type: 'variable' as const })),
    };
    this.sendResponse(response);
  }

  protected override exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse): void {
    const stop = this.session?.lastEvent;
    const fault = stop?.kind === 'stopped' ? stop.fault : undefined;
    if (!fault) return this.fail(response, 'not stopped at a memory error');
    response.body = {
      exceptionId: fault.kind,
      description: fault.text.join('\n'),
      breakMode: 'always',
      details: { message: fault.text.join('\n'), typeName: `${fault.kind} (${filterOf(fault.kind)})` },
    };
    this.sendResponse(response);
  }

  protected override readMemoryRequest(response: DebugProtocol.ReadMemoryResponse, args: DebugProtocol.ReadMemoryArguments): void {
    const session = this.session;
    const base = parseMemoryReference(args.memoryReference);
    if (!session?.program.runnable || base === undefined) return this.fail(response, `cannot read memory at ${args.memoryReference}`);
    const address = base + (args.offset ?? 0);
    const count = Math.min(Math.max(0, args.count), 1 << 20);
    const { bytes, unreadable } = session.program.inspector.readMemory(address, count);
    response.body = { address: memoryReference(address), data: Buffer.from(bytes).toString('base64'), unreadableBytes: unreadable };
    this.sendResponse(response);
  }

  protected override writeMemoryRequest(response: DebugProtocol.WriteMemoryResponse, args: DebugProtocol.WriteMemoryArguments): void {
    const session = this.session;
    const base = parseMemoryReference(args.memoryReference);
    if (!session?.program.runnable || session.state !== 'paused' || base === undefined) return this.fail(response, `cannot write memory at ${args.memoryReference}`);
    const address = base + (args.offset ?? 0);
    const bytes = Uint8Array.from(Buffer.from(args.data, 'base64'));
    const written = session.edit(() => session.program.inspector.writeMemory(address, bytes));
    if (written < bytes.length && !args.allowPartial) return this.fail(response, `only ${written} of ${bytes.length} bytes at ${memoryReference(address)} are mapped`);
    response.body = { offset: 0, bytesWritten: written };
    this.sendResponse(response);
    this.changed(address, written);
  }

  protected override customRequest(command: string, response: DebugProtocol.Response, args: unknown): void {
    const session = this.session;
    if (!session) return this.fail(response, 'the program is not loaded');
    if (command === ANSWER_REQUEST && this.tour) {
      const answered = this.tour.answer(args);
      if ('error' in answered) return this.fail(response, answered.error);
      response.body = answered.state;
      this.sendResponse(response);
      this.sendEvent(new Event(TOUR_EVENT, answered.state));
      return;
    }
    const answer = answerCustomRequest(command, session, args);
    if (answer === undefined) return super.customRequest(command, response, args);
    if ('error' in answer) return this.fail(response, answer.error);
    response.body = answer.body;
    this.sendResponse(response);
    if (answer.then) void this.execute(answer.then);
  }

  // ---- plumbing ----

  private source(): Source {
    const program = this.launchArgs!.program;
    return new Source(program.split(/[\\/]/).pop() ?? program, this.convertDebuggerPathToClient(program));
  }

  private console(text: string, category: 'console' | 'stdout' | 'stderr', line?: number, raw = true): void {
    const e = new OutputEvent(raw || text.endsWith('\n') ? text : `${text}\n`, category) as DebugProtocol.OutputEvent;
    if (line !== undefined && line > 0 && this.launchArgs) {
      e.body.source = this.source();
      e.body.line = this.convertDebuggerLineToClient(line);
    }
    this.sendEvent(e);
  }

  private readable(path: string): boolean {
    try {
      this.files.readText(path);
      return true;
    } catch {
      return false;
    }
  }

  private fail(response: DebugProtocol.Response, message: string): void {
    this.sendErrorResponse(response, { id: 1, format: message.replace(/[{}]/g, (c) => (c === '{' ? '(' : ')')), showUser: false });
  }

  /** A request handler's unexpected error becomes an error response and a console line, never a crash of the host. */
  private async guard(response: DebugProtocol.Response, body: () => Promise<void>): Promise<void> {
    try {
      await body();
    } catch (e) {
      this.internalError(e);
      this.fail(response, `internal error: ${(e as Error).message}`);
    }
  }

  /**
   * A defect of Memory Atlas (never the program's doing), caught at the adapter's boundary: one
   * line in the Debug Console with the step and line the program was at, no JavaScript stack.
   * What the program printed is already in the console.
   */
  private internalError(e: unknown, phase: InternalError['phase'] = 'inspecting'): void {
    this.console(`Memory Atlas: ${internalErrorText(internalErrorSite(e, this.session?.program, phase))}\n`, 'stderr');
  }

  protected override dispatchRequest(request: DebugProtocol.Request): void {
    try {
      super.dispatchRequest(request);
    } catch (e) {
      this.internalError(e);
      const response = { seq: 0, type: 'response', request_seq: request.seq, command: request.command, success: false } as DebugProtocol.Response;
      this.fail(response, `internal error: ${(e as Error).message}`);
    }
  }
}

/**
 * VS Code sends no granularity for F10/F11: then a step goes to the next line, as gdb's `next`
 * does (a `for` header's init, test and increment are one stop). `statement` stops at each of
 * them; `instruction` (the disassembly view's) is a statement too, the smallest unit here.
 */
function granularityOf(g: DebugProtocol.SteppingGranularity | undefined): 'line' | 'statement' {
  return g === undefined || g === 'line' ? 'line' : 'statement';
}

function exitText(stop: Extract<StopEvent, { kind: 'exited' }>): string {
  const how = stop.code !== null ? `exited with status ${stop.code}` : `killed by ${stop.signal ?? 'a signal'}`;
  return stop.message ? `${how} (${stop.message})` : how;
}

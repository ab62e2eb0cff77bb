import type { Command, Session } from '../session/session';
import { isInspectionError } from '../engine/program/programInspector';
import { VIEW_REQUEST_COMMAND, answerViewRequest } from './viewRequests';

/** A custom request's answer: a body, or an error; `then` is a command to run after answering. */
export type CustomAnswer = { readonly body: unknown; readonly then?: Command } | { readonly error: string };

interface InlineValue {
  readonly line: number;
  readonly column: number;
  readonly text: string;
}

/**
 * The adapter's requests beyond DAP, for Memory Atlas's own editor features (the extension calls
 * them with `customRequest`; any DAP client may):
 * - `memoryAtlas.snapshot`: the current stop's snapshot (a panel opened in the middle of a session);
 * - `memoryAtlas.goToStep` `{ step }`: run or rewind to the state after `step` statements (the
 *   counters chart);
 * - `memoryAtlas.pointerTargets` `{ frameId, names: [{ name, line, column }] }`: where each
 *   pointer among those names points, for inline values at the ends of lines;
 * - `memoryAtlas.view` (a ViewRequest): the memory panel's details (viewRequests.ts).
 * Undefined for a command this adapter does not know.
 */
export function answerCustomRequest(command: string, session: Session, args: unknown): CustomAnswer | undefined {
  const a = (args ?? {}) as Record<string, unknown>;
  switch (command) {
    case 'memoryAtlas.snapshot':
      if (!session.program.runnable || session.state === 'running') return { error: 'no stop to show' };
      return { body: { snapshot: session.snapshot() } };
    case 'memoryAtlas.goToStep': {
      const step = a.step;
      if (typeof step !== 'number' || !Number.isSafeInteger(step) || step < 0) return { error: "goToStep needs a 'step' (a whole number of statements)" };
      if (session.state === 'running') return { error: 'the program is running: pause it first' };
      return { body: {}, then: { kind: 'go-to-step', step } };
    }
    case 'memoryAtlas.pointerTargets': {
      if (session.state !== 'paused') return { body: { values: [] } };
      const frame = typeof a.frameId === 'number' ? a.frameId : 0;
      const names = Array.isArray(a.names) ? a.names.slice(0, 500) : [];
      const values: InlineValue[] = [];
      for (const n of names as { name?: unknown; line?: unknown; column?: unknown }[]) {
        if (typeof n?.name !== 'string' || typeof n.line !== 'number' || typeof n.column !== 'number') continue;
        const v = session.program.inspector.evaluate(n.name, frame, 'hover');
        // Variables and fields only (a function's name is a value, not a pointer anybody holds).
        if (isInspectionError(v) || !v.target || v.uninitialized || v.address === undefined) continue;
        values.push({ line: n.line, column: n.column, text: `${n.name} → ${v.target.text}` });
      }
      return { body: { values } };
    }
    case VIEW_REQUEST_COMMAND: {
      const { response, then } = answerViewRequest(session, args);
      return { body: response, ...(then ? { then } : {}) };
    }
    default:
      return undefined;
  }
}

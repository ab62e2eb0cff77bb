import type { DebugProtocol } from '@vscode/debugprotocol';
import type { StoppedEvent } from '../session/sessionEvents';

/** The session's reasons in the words VS Code shows after "Paused on". */
const REASONS: Record<StoppedEvent['reason'], string> = {
  entry: 'entry', step: 'step', breakpoint: 'breakpoint', 'data-breakpoint': 'data breakpoint', exception: 'exception',
  pause: 'pause', 'step-limit': 'step limit', goto: 'goto', gc: 'garbage collection',
};

/** The body of a DAP `stopped` event for a session stop. */
export function stoppedBody(stop: StoppedEvent, threadId: number, dataBreakpointNames: ReadonlyMap<string, string>): DebugProtocol.StoppedEvent['body'] {
  const base = { reason: REASONS[stop.reason], threadId, allThreadsStopped: true };
  switch (stop.reason) {
    case 'exception':
      return { ...base, description: `Paused before a ${stop.fault?.kind ?? 'fault'}`, text: stop.fault?.text[0] ?? stop.message };
    case 'data-breakpoint': {
      const hit = stop.writes?.[0];
      const name = hit ? dataBreakpointNames.get(`${hit.range.address}:${hit.range.size}`) ?? `${hit.range.size} bytes at 0x${hit.range.address.toString(16)}` : 'the watched bytes';
      return { ...base, description: `${name} was written${hit?.line ? ` by line ${hit.line}` : ''}`, text: name };
    }
    case 'step-limit':
      return { ...base, description: stop.message ?? 'the step limit was reached' };
    case 'gc':
      return { ...base, description: stop.message ?? 'a garbage collection', text: stop.message };
    case 'breakpoint':
      return { ...base, ...(stop.message ? { description: stop.message } : {}) };
    default:
      return base;
  }
}

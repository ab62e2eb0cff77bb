import type { Command, Session } from '../session/session';
import { parseViewRequest, type ViewResponse } from '../shared/viewRequests';

/** The DAP custom request the panel sends with a ViewRequest as its arguments. */
export const VIEW_REQUEST_COMMAND = 'memoryAtlas.view';

/**
 * Answers one `memoryAtlas.view` request (arguments as received over DAP, validated here): the
 * program answers windows, walks and checks; the session answers the counters' history; going to
 * a step is answered at once and `then` is the command the adapter runs after answering (so that
 * VS Code and the panel follow as after any step). Never throws: a bad request or a busy session
 * gets an `error` answer the panel can show.
 */
export function answerViewRequest(session: Session, args: unknown): { readonly response: ViewResponse; readonly then?: Command } {
  const request = parseViewRequest(args);
  if (!request) return { response: { kind: 'error', message: 'not a Memory Atlas view request' } };
  if (session.state === 'running') return { response: { kind: 'error', message: 'the program is running: the views update at the next stop' } };
  try {
    switch (request.kind) {
      case 'counter-series':
        return { response: { kind: 'counter-series', series: session.counters.view(session.steps) } };
      case 'go-to-step':
        if (session.state === 'invalid') return { response: { kind: 'error', message: 'the program has errors and cannot run' } };
        return { response: { kind: 'go-to-step', steps: request.step }, then: { kind: 'go-to-step', step: request.step } };
      default:
        if (session.state === 'invalid' || !session.program.answerView) return { response: { kind: 'error', message: 'this program has no views to show' } };
        return { response: session.program.answerView(request) };
    }
  } catch (e) {
    return { response: { kind: 'error', message: `the view could not be read: ${(e as Error).message}` } };
  }
}

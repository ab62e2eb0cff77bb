import type { Command, Session } from '../session/session';
import { parseViewRequest, type ViewResponse } from '../shared/viewRequests';

/** The DAP custom request the panel sends with a ViewRequest as its arguments. */
export const VIEW_REQUEST_COMMAND = 'memoryAtlas.view';

/** What the adapter lends the answers: its own way of running a command (it reports the stop to VS Code). */
export interface ViewRequestHost {
  readonly session: Session;
  /** Runs a session command as a user's step would, with the stopped event and the snapshot it sends. */
  runCommand(command: Command): Promise<void>;
}

/**
 * Answers one `memoryAtlas.view` request (arguments as received over DAP, validated here):
 * the program answers windows, walks and checks; the session answers the counters' history;
 * going to a step runs through the adapter so that VS Code and the panel follow. Never throws:
 * a bad request or a busy session gets an `error` answer the panel can show.
 */
export async function answerViewRequest(host: ViewRequestHost, args: unknown): Promise<ViewResponse> {
  const request = parseViewRequest(args);
  if (!request) return { kind: 'error', message: 'not a Memory Atlas view request' };
  const session = host.session;
  try {
    switch (request.kind) {
      case 'counter-series':
        return { kind: 'counter-series', series: session.counters.view(session.steps) };
      case 'go-to-step':
        if (session.state === 'running') return { kind: 'error', message: 'the program is running: pause it first' };
        await host.runCommand({ kind: 'go-to-step', step: request.step });
        return { kind: 'go-to-step', steps: session.steps };
      default: {
        if (session.state === 'running') return { kind: 'error', message: 'the program is running: the views update at the next stop' };
        if (session.state === 'invalid' || !session.program.answerView) return { kind: 'error', message: 'this program has no views to show' };
        return session.program.answerView(request);
      }
    }
  } catch (e) {
    return { kind: 'error', message: `the view could not be read: ${(e as Error).message}` };
  }
}

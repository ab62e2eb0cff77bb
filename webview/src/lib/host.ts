import type { ViewRequest, ViewResponse } from '../../../src/shared/viewRequests';
import { CONTRACT_VERSION } from '../../../src/shared/version';
import { post } from '../vscodeApi';

/**
 * Requests to the host (answered by the debug adapter) as promises: each gets an id, and the
 * host's view-response with that id settles it. A request not answered within the timeout
 * settles with an error answer, so a view never waits forever.
 */
let nextId = 1;
const pending = new Map<number, (response: ViewResponse) => void>();
const TIMEOUT_MS = 15_000;

export function askHost(request: ViewRequest): Promise<ViewResponse> {
  const id = nextId++;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      pending.delete(id);
      resolve({ kind: 'error', message: 'no answer from the debugger' });
    }, TIMEOUT_MS);
    pending.set(id, (response) => {
      clearTimeout(timer);
      resolve(response);
    });
    post({ type: 'view-request', version: CONTRACT_VERSION, id, request });
  });
}

export function settle(id: number, response: ViewResponse): void {
  const resolve = pending.get(id);
  pending.delete(id);
  resolve?.(response);
}

import type { FromCompareViewMessage } from '../../../src/shared/compareMessages';

interface VsCodeApi {
  postMessage(message: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

// acquireVsCodeApi may be called only once per webview load.
const api: VsCodeApi = acquireVsCodeApi();

export function post(message: FromCompareViewMessage): void {
  api.postMessage(message);
}

interface VsCodeApi {
  postMessage(message: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

let api: VsCodeApi | undefined;

/**
 * A typed sender of host messages for a view whose state VS Code need not keep (the compare view,
 * the playground). acquireVsCodeApi may be called only once per webview load: the first call here does.
 */
export function sender<T>(): (message: T) => void {
  api ??= acquireVsCodeApi();
  const channel = api;
  return (message) => channel.postMessage(message);
}

// The webview's handle to VS Code. `acquireVsCodeApi` may be called once per page; outside VS Code
// (a plain browser, a test harness without it) a no-op stand-in keeps the panel usable.

export interface VsCodeApi<S> {
  postMessage(msg: unknown): void;
  getState(): S | undefined;
  setState(state: S): void;
}

declare function acquireVsCodeApi(): VsCodeApi<unknown>;

let api: VsCodeApi<unknown> | undefined;

export function getVsCodeApi<S>(): VsCodeApi<S> {
  if (!api) {
    api =
      typeof acquireVsCodeApi === 'function'
        ? acquireVsCodeApi()
        : {
            postMessage: () => undefined,
            getState: () => undefined,
            setState: () => undefined,
          };
  }
  return api as VsCodeApi<S>;
}

import type { WasmLocator } from './parser';

/**
 * Finds the wasm files in node_modules: for tests and for code compiled with tsc. Bundles never
 * import this file (webpack would try to bundle the .wasm files); they ship the files beside them.
 */
export const nodeModulesLocator: WasmLocator = (file) =>
  file === 'tree-sitter.wasm' ? require.resolve('web-tree-sitter/tree-sitter.wasm') : require.resolve('tree-sitter-c/tree-sitter-c.wasm');

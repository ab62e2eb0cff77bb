// @ts-check
'use strict';
// One file, four bundles: the extension (Node, runs in the extension host), the CLI and the
// standalone debug adapter (Node), and the webview (browser, Svelte 5). The tree-sitter runtime
// and C grammar (.wasm) are copied next
// to the Node bundles, which load them from their own folder.
const path = require('path');
const CopyPlugin = require('copy-webpack-plugin');

const dist = path.resolve(__dirname, 'dist');
// Package export conditions for the Node bundles (web-tree-sitter ships CommonJS under `require`).
const NODE_CONDITIONS = ['require', 'node', 'default'];

/** @type {(env: unknown, argv: { mode?: string }) => import('webpack').Configuration[]} */
module.exports = (_env, argv) => {
  const production = argv.mode === 'production';

  /** @type {import('webpack').Configuration} */
  const nodeCommon = {
    target: 'node20',
    mode: production ? 'production' : 'development',
    devtool: production ? 'source-map' : 'eval-cheap-module-source-map',
    resolve: { extensions: ['.ts', '.js'], conditionNames: NODE_CONDITIONS },
    module: {
      rules: [{ test: /\.ts$/, exclude: /node_modules/, use: [{ loader: 'ts-loader', options: { configFile: 'tsconfig.json', onlyCompileBundledFiles: true } }] }],
    },
    // Keep __dirname pointing at dist/ so the bundles find the .wasm files beside them.
    node: { __dirname: false, __filename: false },
    output: { path: dist, libraryTarget: 'commonjs2' },
    optimization: { minimize: false },
    infrastructureLogging: { level: 'warn' },
  };

  const copyWasm = new CopyPlugin({
    patterns: [
      { from: require.resolve('web-tree-sitter/tree-sitter.wasm'), to: dist },
      { from: require.resolve('tree-sitter-c/tree-sitter-c.wasm'), to: dist },
      // The webview's icons: VS Code's own codicon font and its stylesheet.
      { from: path.join(path.dirname(require.resolve('@vscode/codicons/package.json')), 'dist', 'codicon.css'), to: path.join(dist, 'codicons') },
      { from: path.join(path.dirname(require.resolve('@vscode/codicons/package.json')), 'dist', 'codicon.ttf'), to: path.join(dist, 'codicons') },
    ],
  });

  /**
   * The extension: activation loads dist/extension.js only, the wiring; the engine, the C front
   * end, the session and the debug adapter are chunks (dist/extension.N.js) that the `import()`s
   * of src/extension load on first use. ts-loader emits ES modules here so that webpack sees
   * those `import()`s (compiled to CommonJS they would be plain requires, all in one bundle).
   * @type {import('webpack').Configuration}
   */
  const extension = {
    ...nodeCommon,
    name: 'extension',
    entry: { extension: './src/extension/extension.ts' },
    output: { ...nodeCommon.output, chunkFilename: 'extension.[id].js' },
    module: {
      rules: [{
        test: /\.ts$/, exclude: /node_modules/,
        use: [{ loader: 'ts-loader', options: { configFile: 'tsconfig.json', onlyCompileBundledFiles: true, compilerOptions: { module: 'es2020' } } }],
      }],
    },
    externals: { vscode: 'commonjs vscode' },
    plugins: [copyWasm],
  };

  /** @type {import('webpack').Configuration} */
  const cli = {
    ...nodeCommon,
    name: 'cli',
    // The command line and the standalone debug adapter (DAP over stdio).
    entry: { cli: './src/cli/bin.ts', debugAdapter: './src/debug/debugAdapterMain.ts' },
  };

  /** @type {import('webpack').Configuration} */
  const webview = {
    name: 'webview',
    target: 'web',
    mode: production ? 'production' : 'development',
    devtool: production ? false : 'eval-cheap-module-source-map',
    entry: { webview: './webview/src/main.ts', compare: './webview/src/compare/main.ts', playground: './webview/src/playground/main.ts' },
    output: { path: dist, filename: '[name].js' },
    resolve: {
      extensions: ['.ts', '.js', '.svelte'],
      mainFields: ['svelte', 'browser', 'module', 'main'],
      conditionNames: ['svelte', 'browser', 'import'],
    },
    module: {
      rules: [
        { test: /\.ts$/, exclude: /node_modules/, use: [{ loader: 'ts-loader', options: { configFile: path.resolve('webview/tsconfig.json'), onlyCompileBundledFiles: true } }] },
        {
          test: /\.(svelte|svelte\.ts)$/,
          use: { loader: 'svelte-loader', options: { compilerOptions: { dev: !production, css: 'injected' }, emitCss: false, hotReload: false } },
        },
        // Svelte 5 ships ESM that webpack must treat as fully specified.
        { test: /node_modules\/svelte\/.*\.m?js$/, resolve: { fullySpecified: false } },
      ],
    },
    performance: { hints: false },
    infrastructureLogging: { level: 'warn' },
  };

  return [extension, cli, webview];
};

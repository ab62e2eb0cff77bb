/**
 * In-host entry of the e2e tier: VS Code loads this module (extensionTestsPath) inside the
 * extension host and awaits run(). Used by both runners:
 *   - test/e2e/runInCodeServer.js (code-server + headless Chromium, works offline), and
 *   - test/e2e/runInElectron.js  (@vscode/test-electron, desktop VS Code, needs internet).
 *
 * Runs every `*.e2e.test.js` next to this file with mocha, then
 *   - writes `{ passes, failures, pending, tests: [{ title, state, error }], vscodeVersion, ... }`
 *     to the path in MEMORY_ATLAS_E2E_RESULTS when set (the code-server runner reads it), and
 *   - appends one JSON line per finished test to `<results>.progress` (the runner prints them live),
 *   - rejects when tests failed (test-electron turns that into the exit code).
 * MEMORY_ATLAS_E2E_GREP (optional) filters tests by title, like mocha's --grep.
 */
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export const RESULTS_ENV = 'MEMORY_ATLAS_E2E_RESULTS';

interface TestResult {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  error?: string;
  durationMs?: number;
}

export interface E2eResults {
  passes: number;
  failures: number;
  pending: number;
  tests: TestResult[];
  vscodeVersion: string;
  appName: string;
  uiKind: string;
  /** Set when the suite could not run at all (load error etc.). */
  error?: string;
}

function writeAtomic(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(`${file}.tmp`, text);
  fs.renameSync(`${file}.tmp`, file);
}

function hostInfo(): Pick<E2eResults, 'vscodeVersion' | 'appName' | 'uiKind'> {
  return {
    vscodeVersion: vscode.version,
    appName: vscode.env.appName,
    uiKind: vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop',
  };
}

function errorText(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}

export async function run(): Promise<void> {
  const resultsFile = process.env[RESULTS_ENV];
  const progressFile = resultsFile ? `${resultsFile}.progress` : undefined;
  const info = hostInfo();
  console.log(`e2e: running inside VS Code ${info.vscodeVersion} (${info.appName}, ${info.uiKind})`);
  if (progressFile) {
    fs.mkdirSync(path.dirname(progressFile), { recursive: true });
    fs.writeFileSync(progressFile, JSON.stringify({ event: 'start', ...info }) + '\n');
  }
  const progress = (obj: object) => {
    if (progressFile) fs.appendFileSync(progressFile, JSON.stringify(obj) + '\n');
  };

  const tests: TestResult[] = [];
  let stats = { passes: 0, failures: 0, pending: 0 };
  try {
    const mocha = new Mocha({
      ui: 'bdd',
      reporter: 'spec',
      color: false,
      timeout: 60_000,
      grep: process.env.MEMORY_ATLAS_E2E_GREP || undefined,
    });
    const files = fs
      .readdirSync(__dirname)
      .filter((f) => f.endsWith('.e2e.test.js'))
      .sort();
    for (const f of files) mocha.addFile(path.join(__dirname, f));

    stats = await new Promise((resolve, reject) => {
      try {
        const runner = mocha.run(() => {
          resolve({ passes: runner.stats?.passes ?? 0, failures: runner.stats?.failures ?? 0, pending: runner.stats?.pending ?? 0 });
        });
        runner.on('pass', (t) => {
          const r: TestResult = { title: t.fullTitle(), state: 'passed', durationMs: t.duration };
          tests.push(r);
          progress({ event: 'test', ...r });
        });
        runner.on('pending', (t) => {
          const r: TestResult = { title: t.fullTitle(), state: 'pending' };
          tests.push(r);
          progress({ event: 'test', ...r });
        });
        // 'fail' also fires for hooks (before/after): record those as failed entries too.
        runner.on('fail', (t, err) => {
          const r: TestResult = { title: t.fullTitle(), state: 'failed', error: errorText(err), durationMs: t.duration };
          tests.push(r);
          progress({ event: 'test', ...r });
        });
      } catch (e) {
        reject(e);
      }
    });
  } catch (e) {
    const results: E2eResults = { ...stats, failures: Math.max(1, stats.failures), tests, ...info, error: errorText(e) };
    if (resultsFile) writeAtomic(resultsFile, JSON.stringify(results, null, 2));
    throw e;
  }

  const results: E2eResults = { ...stats, tests, ...info };
  if (resultsFile) writeAtomic(resultsFile, JSON.stringify(results, null, 2));
  console.log(`e2e: ${stats.passes} passing, ${stats.failures} failing, ${stats.pending} pending`);
  if (stats.failures > 0) throw new Error(`${stats.failures} e2e test(s) failed`);
}

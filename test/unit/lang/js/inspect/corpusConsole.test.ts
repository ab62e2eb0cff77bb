import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { SIMULATED_NODE_VERSION } from '../../../../../src/lang/js/inspect/uncaughtText';

/**
 * The formatter on whole programs: every program of the JavaScript corpus runs in real node with
 * console.log/info/error/warn replaced by our formatter on the program's real values
 * (consolePreload.js), and must print exactly what node printed for it (its recorded fixture).
 * Only with the node release the fixtures were recorded with (its inspect is the reference).
 */
const ROOT = path.join(__dirname, '..', '..', '..', '..', '..', '..');
// eslint-disable-next-line @typescript-eslint/no-var-requires
const corpus = require(path.join(ROOT, 'scripts', 'jsCorpusRuns.js')) as {
  programNames(): string[];
  installedNode(): string | undefined;
  runAll(names: readonly string[], concurrency: number, extraFlags: readonly string[]): Promise<Map<string, Run>>;
  readFixture(name: string): Run | undefined;
};

interface Run {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number | null;
}

const PRELOAD = path.join(__dirname, 'consolePreload.js');
// --expose-internals lets the host read promise states and iterator previews (see realValueHost);
// --no-warnings keeps node's notice about those internals off stderr.
const FLAGS = ['--expose-internals', '--no-warnings', '-r', PRELOAD];

describe('inspect on the JS corpus: console output through our formatter equals node\'s recorded output', function () {
  this.timeout(180000);
  const version = corpus.installedNode();
  if (version !== SIMULATED_NODE_VERSION) {
    it(`skipped: node ${version ?? 'is not installed'} is not the recorded ${SIMULATED_NODE_VERSION}`, function () { this.skip(); });
    return;
  }
  const names = corpus.programNames();
  let runs = new Map<string, Run>();
  before(async () => {
    // Most of the time is the programs' timers waiting, not CPU: four at a time.
    runs = await corpus.runAll(names, 4, FLAGS);
  });
  for (const name of names) {
    it(name, () => {
      const run = runs.get(name)!;
      const fixture = corpus.readFixture(name)!;
      assert.deepEqual({ stdout: run.stdout, stderr: run.stderr, exitCode: run.exitCode }, { stdout: fixture.stdout, stderr: fixture.stderr, exitCode: fixture.exitCode });
    });
  }
});

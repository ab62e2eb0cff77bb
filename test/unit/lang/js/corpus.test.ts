import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { memoryAtlasLanguages } from '../../../../src/debug/languages';
import { openSession } from '../../../../src/session/openSession';
import { SIMULATED_NODE_VERSION } from '../../../../src/lang/js/inspect/uncaughtText';
import { formatDiagnostic, hasErrors } from '../../../../src/shared/diagnostics';

/**
 * The JavaScript corpus (test/fixtures/js-programs): every program runs in Memory Atlas as
 * `memory-atlas run` runs a file (a Session opened by the file's language, run to its end) and
 * must print what node prints: stdout, stderr and exit status. node is run live when it is the
 * release the interpreter simulates (and must still agree with the recorded fixture, or the
 * fixture is stale); otherwise the recorded fixture alone is the reference. Each test's title says
 * which. Programs the interpreter cannot run yet are listed with a reason in pending.json; a
 * listed program that passes fails the test, so the list only shrinks.
 */
const ROOT = path.join(__dirname, '..', '..', '..', '..', '..');
// Plain JavaScript shared with scripts/record-js-corpus.js (node runs the corpus the same way for both).
// eslint-disable-next-line @typescript-eslint/no-var-requires
const corpus = require(path.join(ROOT, 'scripts', 'jsCorpusRuns.js')) as CorpusRuns;

interface Run {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number | null;
  readonly signal?: string;
}

interface CorpusRuns {
  readonly CORPUS_DIR: string;
  programNames(): string[];
  programPath(name: string): string;
  installedNode(): string | undefined;
  runAll(names: readonly string[], concurrency?: number): Promise<Map<string, Run>>;
  readFixture(name: string): (Run & { readonly node: string; readonly flags: readonly string[] }) | undefined;
}

/** The simulated run's outcome, or why there is none. */
type Simulated = Run | { readonly failure: string };

const MAX_STEPS = 50_000_000;

async function runInAtlas(name: string): Promise<Simulated> {
  const file = corpus.programPath(name);
  const text = fs.readFileSync(file, 'utf8');
  try {
    const session = await openSession(memoryAtlasLanguages(path.join(ROOT, 'dist')), file, text, { noCheckpoints: true, maxSteps: MAX_STEPS });
    if (hasErrors(session.diagnostics)) return { failure: `diagnostics:\n${session.diagnostics.map((d) => formatDiagnostic(file, d)).join('\n')}` };
    let stdout = '';
    let stderr = '';
    session.onEvent((e) => {
      if (e.kind === 'output' && e.stream === 'stdout') stdout += e.text;
      if (e.kind === 'output' && e.stream === 'stderr') stderr += e.text;
    });
    const end = session.run();
    if (end.kind !== 'exited') return { failure: `stopped (${end.reason}) at line ${end.line}${end.message ? `: ${end.message}` : ''}\nstdout so far:\n${stdout}\nstderr so far:\n${stderr}` };
    return { stdout, stderr, exitCode: end.code, ...(end.signal ? { signal: end.signal } : {}) };
  } catch (e) {
    return { failure: `threw ${e instanceof Error ? e.stack ?? e.message : String(e)}` };
  }
}

function outcome(r: Run): Run {
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode, ...(r.signal ? { signal: r.signal } : {}) };
}

/** Why a simulated run does not match the reference, or undefined when it does. */
function mismatch(simulated: Simulated, expected: Run): string | undefined {
  if ('failure' in simulated) return simulated.failure;
  try {
    assert.deepEqual(outcome(simulated), outcome(expected));
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

function readPending(): Record<string, string> {
  const file = path.join(corpus.CORPUS_DIR, 'pending.json');
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { programs: Record<string, string> };
  return parsed.programs;
}

const jsRegistered = memoryAtlasLanguages(path.join(ROOT, 'dist')).some((l) => l.id === 'js');
const nodeVersion = corpus.installedNode();
const live = nodeVersion === SIMULATED_NODE_VERSION;
const reference = live
  ? `node ${nodeVersion} run live and its recorded fixture`
  : `the recorded fixture (node ${nodeVersion ?? 'absent'}, not the simulated ${SIMULATED_NODE_VERSION})`;

describe(`JS corpus: Memory Atlas prints what node prints (compared with ${reference})`, function () {
  this.timeout(120000);
  const names = corpus.programNames();

  it('has at least 60 programs, each with a fixture recorded from the simulated node release', () => {
    assert.ok(names.length >= 60, `${names.length} programs`);
    for (const name of names) {
      const f = corpus.readFixture(name);
      assert.ok(f, `${name} has no fixture: run node scripts/record-js-corpus.js ${name}`);
      assert.equal(f.node, SIMULATED_NODE_VERSION, `${name} was recorded with node ${f.node}`);
    }
  });

  it('lists in pending.json only programs of the corpus, each with a reason', () => {
    const pending = readPending();
    for (const [name, reason] of Object.entries(pending)) {
      assert.ok(names.includes(name), `pending.json names ${name}, which is not in the corpus`);
      assert.ok(typeof reason === 'string' && reason.trim().length > 0, `pending.json gives no reason for ${name}`);
    }
  });

  if (!jsRegistered) {
    it('skipped: JavaScript language not registered yet (no language with id "js" in memoryAtlasLanguages)', function () {
      this.skip();
    });
    return;
  }

  const pending = readPending();
  let liveRuns = new Map<string, Run>();
  before(async function () {
    if (live) liveRuns = await corpus.runAll(names);
  });

  for (const name of names) {
    const reason = pending[name];
    it(`${name} (vs ${live ? 'node live + fixture' : 'recorded fixture'})${reason ? ` [pending: ${reason}]` : ''}`, async function () {
      const fixture = corpus.readFixture(name)!;
      if (live) {
        const run = liveRuns.get(name)!;
        assert.deepEqual(outcome(run), outcome(fixture), `node now prints something else than ${name}.expected.json: re-record with node scripts/record-js-corpus.js ${name}`);
      }
      const simulated = await runInAtlas(name);
      const problem = mismatch(simulated, fixture);
      if (reason !== undefined) {
        assert.ok(problem !== undefined, `${name} passes now: remove it from test/fixtures/js-programs/pending.json`);
        this.skip();
      }
      if (problem !== undefined) assert.fail(`${name}: ${problem}`);
    });
  }
});

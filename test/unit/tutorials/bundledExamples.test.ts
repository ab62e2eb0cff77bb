import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAnnotations } from '../../../src/shared/annotations';
import { TUTORIALS } from '../../../src/shared/tutorials';
import { openSession } from '../../../src/session/openSession';
import type { Session } from '../../../src/session/session';
import { runAnnotated, type AnnotatedRunResult } from '../../../src/session/annotatedRun';
import { cLanguage } from '../../../src/lang/c/program/cLanguage';
import { nodeModulesLocator } from '../../../src/lang/c/nodeModulesLocator';
import { memoryAtlasLanguages } from '../../../src/debug/languages';
import { type ExampleFixture, EXAMPLES_DIR, bundledExamples, fixturePath, inParallel, observeExample, toolFor } from '../../tools/exampleTools';

/**
 * The languages the debugger registers (src/debug/languages.ts), C with its parser found in
 * node_modules as tests find it. A JavaScript example runs on the simulation once 'js' is among
 * them; until then only its promises are held to node's run.
 */
const LANGUAGES = [cLanguage(nodeModulesLocator), ...memoryAtlasLanguages(path.join(__dirname, 'no-wasm-here')).filter((l) => l.id !== 'c')];
const JS_REGISTERED = LANGUAGES.some((l) => l.id === 'js');
const JS_MISSING = 'JavaScript language not on main yet: no \'js\' in src/debug/languages.ts';
const NO_MANAGED_HEAP = 'the JavaScript program has no managed heap yet (no managedMemory(): process.memoryUsage, global.gc and expect-gc need it)';

/**
 * Every bundled example keeps what its annotations promise: each expectation holds on the
 * simulated run, every narration and question is reached with its {expressions} evaluating, and
 * the run agrees with the real tools: gcc + Valgrind (stdout, exit status, leak totals per class)
 * or AddressSanitizer (the error's kind and line) for C, node for JavaScript. The tools' answers
 * are recorded in test/fixtures/examples/ (node out/test/tools/recordExamples.js); where a tool is
 * installed, the example is also run under it now and compared again (node always is: it runs
 * the tests; the recording says which version printed what).
 */
describe('bundled examples: annotations checked against the simulation and the real tools', function () {
  this.timeout(180_000);
  const files = bundledExamples();
  const live = new Map<string, ExampleFixture>();
  const skipped: string[] = [];

  before(async function () {
    const runnable = files.filter((f) => toolFor(f, fs.readFileSync(f, 'utf8')).available);
    for (const f of files) if (!runnable.includes(f)) skipped.push(`${path.relative(EXAMPLES_DIR, f)} (${toolFor(f, fs.readFileSync(f, 'utf8')).tool})`);
    const observed = await inParallel(runnable, 2, observeExample);
    runnable.forEach((f, i) => live.set(f, observed[i]));
    console.log(`      ${live.size} examples re-checked live against gcc + Valgrind, AddressSanitizer or node`
      + (skipped.length ? `; from the recordings only (the tool is not installed): ${skipped.join(', ')}` : ''));
    if (!JS_REGISTERED) console.log(`      the JavaScript examples are held to node only, not run on the simulation: ${JS_MISSING}`);
  });

  it('there are at least 20, each listed by exactly one tutorial, C and JavaScript among them', () => {
    const listed = TUTORIALS.flatMap((t) => t.examples);
    assert.deepEqual([...listed].sort(), files.map((f) => path.relative(EXAMPLES_DIR, f)).sort(), 'the catalog lists every bundled example once');
    assert.equal(new Set(listed).size, listed.length);
    const c = files.filter((f) => f.endsWith('.c')).length;
    const js = files.filter((f) => f.endsWith('.js')).length;
    console.log(`      ${files.length} bundled examples (${c} C, ${js} JavaScript) in ${TUTORIALS.length} tutorials`);
    assert.ok(files.length >= 20 && c > 0 && js > 0, `${files.length} examples, ${c} C and ${js} JavaScript`);
    assert.ok(TUTORIALS.every((t) => t.examples.length >= 2), 'every tutorial has at least two examples');
  });

  for (const file of files) {
    const name = path.relative(EXAMPLES_DIR, file);
    if (file.endsWith('.js')) {
      it(`${name}: what it promises is what node prints`, () => {
        const { annotations, kinds, recorded } = promises(file);
        assert.ok(kinds.has('gc') || kinds.has('growth'), 'a JavaScript example promises its collections or its memory growth');
        assert.ok(annotations.milestones.length > 0, 'it marks a walkthrough milestone');
        const stdout = annotations.expectations.find((e) => e.kind === 'stdout');
        const exit = annotations.expectations.find((e) => e.kind === 'exit');
        for (const truth of [recorded, live.get(file)].filter((x): x is ExampleFixture => x !== undefined)) {
          assert.equal(truth.tool, 'node');
          assert.equal(stdout?.kind === 'stdout' ? stdout.text : undefined, truth.stdout, `expect-stdout is what ${truth.version} prints`);
          assert.equal(exit?.kind === 'exit' ? exit.code : undefined, truth.exitCode, `expect-exit is node's exit status (${truth.version})`);
        }
      });
      if (!JS_REGISTERED) it.skip(`${name}: on the simulation (skipped: ${JS_MISSING})`, () => undefined);
      else {
        it(`${name}: on the simulation`, async function () {
          // Every JavaScript example measures its heap (process.memoryUsage, global.gc, expect-gc):
          // a JavaScript language without a managed heap cannot run one yet, and says so.
          const session = await openExample(file);
          if (!session.program.runnable || !session.program.managedMemory?.()) {
            console.log(`        skipped: ${NO_MANAGED_HEAP}`);
            this.skip();
          }
          await checkOnSimulation(file, session);
        });
      }
      continue;
    }
    it(name, async () => {
      const { kinds, recorded } = promises(file);
      if (recorded.tool === 'valgrind') assert.ok(kinds.has('leaks'), 'a C example without an error promises its leak totals');
      if (recorded.tool === 'asan' || recorded.tool === 'memcheck') assert.ok(kinds.has('error'), 'an example that makes an error names it');

      const run = await checkOnSimulation(file);
      for (const truth of [recorded, live.get(file)].filter((x): x is ExampleFixture => x !== undefined)) {
        const o = run.outcome;
        // Memcheck lets the program run on with the garbage it read (its output is garbage too); the simulation stops as a sanitizer does.
        if (truth.tool !== 'memcheck') assert.equal(o.stdout, truth.stdout, `stdout, as under ${truth.tool}`);
        if (truth.tool === 'asan' || truth.tool === 'memcheck') {
          // A sanitizer build stops at the first error: its kind and line are the simulation's.
          assert.deepEqual(o.errors.slice(0, 1), [truth.error], `the first error, as ${truth.tool === 'asan' ? 'AddressSanitizer' : 'Memcheck'} reports it`);
        } else {
          assert.deepEqual(o.errors, [], 'no memory error');
          assert.deepEqual(o.exit, { code: truth.exitCode }, `exit status, as under ${truth.tool}`);
        }
        if (truth.leaks) {
          const l = truth.leaks;
          assert.deepEqual(o.leaks, { definitely: l.definitelyLost, indirectly: l.indirectlyLost, possibly: l.possiblyLost, reachable: l.stillReachable }, 'leak totals per class, as Valgrind counts them');
        }
      }
    });
  }
});

/** An example's annotations, well formed, with a title, its output and how it ends promised; and what the real tool said, recorded. */
function promises(file: string) {
  const annotations = parseAnnotations(fs.readFileSync(file, 'utf8'));
  assert.deepEqual(annotations.diagnostics, [], 'the annotations are well formed');
  assert.ok(annotations.title, 'it has a title (the quick pick and the examples view show it)');
  const kinds = new Set(annotations.expectations.map((e) => e.kind));
  assert.ok(kinds.has('stdout') && kinds.has('exit'), 'it promises its output and how it ends');
  const recorded = JSON.parse(fs.readFileSync(fixturePath(file), 'utf8')) as ExampleFixture;
  return { annotations, kinds, recorded };
}

/** A fresh session on the example, with its annotations' run settings. */
function openExample(file: string): Promise<Session> {
  return openSession(LANGUAGES, file, fs.readFileSync(file, 'utf8'), { noCheckpoints: true });
}

/** Runs the example on the simulation as `memory-atlas check` does: every expectation holds, every narration and question is reached. */
async function checkOnSimulation(file: string, fresh?: Session): Promise<AnnotatedRunResult> {
  const session = fresh ?? await openExample(file);
  const run: AnnotatedRunResult = runAnnotated(session, parseAnnotations(fs.readFileSync(file, 'utf8')));
  assert.deepEqual(run.results.filter((r) => !r.ok).map((r) => `line ${r.expectation.at}: ${r.message}`), [], 'every expectation holds');
  assert.deepEqual(run.unreached, [], 'every narration and question is reached');
  assert.deepEqual(run.interpolationProblems, [], 'every {expression} evaluates where it is shown');
  return run;
}

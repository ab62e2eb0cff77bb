import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseTrace, type TraceFixture } from '../../../tools/glibc-traces/traceFormat';
import { buildRunner, gccAvailable, runOnGlibc } from '../../../tools/glibc-traces/liveGlibc';
import { randomTrace } from '../../../tools/glibc-traces/randomTrace';
import { runTraceOnSimulator } from './runTraceOnSimulator';

function fixturesDir(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return path.join(dir, 'test/fixtures/glibc-traces');
}

function loadFixtures(): TraceFixture[] {
  const dir = fixturesDir();
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as TraceFixture);
}

const fixtures = loadFixtures();

describe('glibc 2.36 malloc fidelity: recorded traces', () => {
  it('has a corpus of at least 30 traces, recorded against glibc 2.36', () => {
    assert.ok(fixtures.length >= 30, `only ${fixtures.length} fixtures`);
    for (const f of fixtures) assert.equal(f.glibc, 'glibc 2.36', f.name);
  });

  for (const fixture of fixtures) {
    it(`${fixture.name}: offsets, usable sizes, break and aborts match glibc`, () => {
      const actual = runTraceOnSimulator(parseTrace(fixture.trace));
      assert.deepEqual(actual, fixture.expected);
    });
  }
});

describe('glibc 2.36 malloc fidelity: live glibc (gcc)', function () {
  this.timeout(60_000);
  let exe: string | undefined;

  before(function () {
    if (!gccAvailable()) {
      console.log('      gcc is not on the PATH: live glibc comparisons skipped (the recorded fixtures were checked)');
      this.skip();
    }
    exe = buildRunner();
  });

  it('compiles trace-runner.c with gcc -O0', () => {
    assert.ok(exe !== undefined && fs.existsSync(exe));
  });

  for (const fixture of fixtures) {
    it(`${fixture.name}: live glibc agrees with the fixture and with the simulator`, function () {
      if (exe === undefined) this.skip();
      const live = runOnGlibc(exe as string, fixture.trace);
      assert.deepEqual(live, fixture.expected, 'the system glibc disagrees with the recorded fixture');
      assert.deepEqual(runTraceOnSimulator(parseTrace(fixture.trace)), live);
    });
  }

  it('agrees with live glibc on 100 random traces of 300 calls (every call family and size class)', function () {
    if (exe === undefined) this.skip();
    for (let seed = 1; seed <= 100; seed++) {
      const trace = randomTrace(seed);
      const live = runOnGlibc(exe as string, trace);
      assert.ok(live.completed, `seed ${seed}: glibc aborted: ${live.abort}`);
      assert.deepEqual(runTraceOnSimulator(parseTrace(trace)), live, `seed ${seed}`);
    }
  });
});

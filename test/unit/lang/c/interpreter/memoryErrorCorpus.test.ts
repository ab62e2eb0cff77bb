import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import type { MemoryError } from '../../../../../src/shared/memoryIssues';
import { runC } from './runC';

/**
 * The memory-error corpus (test/fixtures/c-errors): each program has one error, and the first
 * error the checks report is the one AddressSanitizer reports for the gcc -O0 build (or Valgrind
 * Memcheck, for uninitialized reads): same kind, same line, same access and size, and the same
 * block (its size, where the address is in or around it, its allocation and free lines) or
 * variable. The expectations are recorded by test/tools/record-c-errors.js; when gcc's ASan or
 * valgrind is installed, each is first re-checked live against the tool.
 */
const ROOT = path.join(__dirname, '..', '..', '..', '..', '..', '..');
const CORPUS = path.join(ROOT, 'test', 'fixtures', 'c-errors');
// eslint-disable-next-line @typescript-eslint/no-var-requires
const tools = require(path.join(ROOT, 'test', 'tools', 'c-errors', 'sanitizerReports.js')) as {
  toolOf(text: string): 'asan' | 'memcheck' | 'own';
  toolAvailable(tool: string): boolean;
  observe(file: string): Expected;
};

interface Expected {
  readonly tool: string;
  readonly kind: string;
  readonly line: number;
  readonly access?: 'read' | 'write';
  readonly size?: number;
  readonly block?: { relation: 'after' | 'before' | 'inside'; offset: number; size: number; allocatedLine?: number; freedLine?: number };
  readonly variable?: { name: string; size: number };
  readonly report?: unknown;
  readonly keepGoingStdout?: string;
}

const facts = (e: Expected) => {
  const { tool: _tool, report: _report, why: _why, keepGoingStdout: _k, ...rest } = e as Expected & { why?: unknown };
  return rest;
};

const bytes = (n: number) => `${n} byte${n === 1 ? '' : 's'}`;

/** Our first error says what the tool said. */
function assertSame(ours: MemoryError | undefined, expected: Expected): void {
  assert.ok(ours, `expected ${expected.kind} at line ${expected.line}, the checks found nothing`);
  assert.equal(ours.kind, expected.kind);
  assert.equal(ours.line, expected.line);
  if (expected.access) assert.equal(ours.access, expected.access);
  if (expected.size !== undefined) assert.equal(ours.size, expected.size);
  const b = expected.block;
  if (b) {
    const where = ours.kind === 'double-free' ? `the ${b.size}-byte block` : `${bytes(b.offset)} ${b.relation} the ${b.size}-byte block`;
    assert.ok(ours.message.includes(where), `"${ours.message}" should say "${where}"`);
    if (b.allocatedLine !== undefined) assert.equal(ours.allocatedAt?.line, b.allocatedLine, 'allocation line');
    if (b.freedLine !== undefined) assert.equal(ours.freedAt?.line, b.freedLine, 'free line');
  }
  const v = expected.variable;
  if (v) {
    assert.ok(ours.message.includes(`'${v.name}' (`), `"${ours.message}" should name '${v.name}'`);
    assert.ok(ours.message.includes(`${v.size} bytes`), `"${ours.message}" should give its size, ${v.size} bytes`);
  }
}

describe('memory errors: the corpus reports what ASan and Memcheck report', function () {
  this.timeout(120000);
  const programs = fs.readdirSync(CORPUS).filter((f) => f.endsWith('.c')).sort();
  const recorded: string[] = [];
  let live = 0;

  after(() => {
    const own = programs.filter((f) => tools.toolOf(fs.readFileSync(path.join(CORPUS, f), 'utf8')) === 'own').length;
    console.log(`      memory-error corpus: ${live} expectations re-checked live against ASan/Memcheck, ${own} our own documented expectation`
      + (recorded.length ? `, ${recorded.length} from recorded results only (the tool is not installed): ${recorded.join(', ')}` : ''));
  });

  for (const file of programs) {
    const name = file.slice(0, -2);
    it(name, async () => {
      const full = path.join(CORPUS, file);
      const source = fs.readFileSync(full, 'utf8');
      const expected = JSON.parse(fs.readFileSync(path.join(CORPUS, `${name}.expected.json`), 'utf8')) as Expected;
      const tool = tools.toolOf(source);
      if (tool !== 'own') {
        if (tools.toolAvailable(tool)) {
          assert.deepEqual(facts(tools.observe(full)), facts(expected), `${tool} now reports something else: re-record with test/tools/record-c-errors.js`);
          live++;
        } else {
          recorded.push(name);
        }
      }
      const run = await runC(source, {}, file);
      assertSame(run.session.program.memoryErrors[0], expected);
      if (expected.keepGoingStdout !== undefined) {
        const going = await runC(source, { keepGoing: true }, file);
        assert.equal(going.stdout, expected.keepGoingStdout);
      }
    });
  }
});

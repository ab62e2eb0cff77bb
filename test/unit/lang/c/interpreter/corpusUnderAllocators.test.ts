import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { CProgram } from '../../../../../src/lang/c/program/cProgram';
import { Session } from '../../../../../src/session/session';
import { ALLOCATOR_NAMES } from '../../../../../src/shared/allocators';
import { testParser } from '../../../cProgram';

/**
 * The C corpus under every teaching allocator: each program prints what its gcc + glibc build
 * printed, except the lines that show glibc's heap layout (heap-layout-lines.json says which and
 * why), with the same stderr and exit, and the memory errors ASan found in the gcc build (most find none). Each program runs once per
 * allocator, without history. The two programs that take seconds each (a million allocations, a
 * growing cache) run in the full check, `npm run test:allocators`.
 */
const CORPUS = path.join(__dirname, '..', '..', '..', '..', '..', '..', 'test', 'fixtures', 'c-programs');
const SLOW = new Set(['forgotten_free_million', 'seed_cache_growth']);
const full = process.env.MEMORY_ATLAS_FULL_CORPUS === '1';

interface LayoutLines {
  readonly programs: Readonly<Record<string, { readonly lines: readonly number[]; readonly why: string }>>;
}

describe('C corpus under every allocator: gcc\'s output, heap layout lines aside', function () {
  this.timeout(120000);
  const layout = JSON.parse(fs.readFileSync(path.join(CORPUS, 'heap-layout-lines.json'), 'utf8')) as LayoutLines;
  const programs = fs.readdirSync(CORPUS).filter((f) => f.endsWith('.c')).map((f) => f.slice(0, -2)).filter((n) => full || !SLOW.has(n)).sort();
  for (const allocator of ALLOCATOR_NAMES.filter((a) => a !== 'glibc')) {
    it(`${allocator}: ${programs.length} programs`, async () => {
      const parser = await testParser();
      for (const name of programs) {
        const expected = JSON.parse(fs.readFileSync(path.join(CORPUS, `${name}.expected.json`), 'utf8')) as {
          stdout: string; stderr: string; exitCode: number | null; asan?: { kind: string; line: number };
        };
        const stdinFile = path.join(CORPUS, `${name}.stdin`);
        const stdin = fs.existsSync(stdinFile) ? fs.readFileSync(stdinFile, 'utf8') : '';
        // Where ASan reports an error, the run goes on past it as the native (unchecked) build does.
        const options = { stdin, noCheckpoints: true, maxSteps: 100_000_000, allocator, keepGoing: expected.asan !== undefined };
        const program = CProgram.create(parser, fs.readFileSync(path.join(CORPUS, `${name}.c`), 'utf8'), `${name}.c`, options);
        const end = new Session(program, options).run();
        const vm = program.vm!;
        const errors = program.memoryErrors.map((e) => ({ kind: e.kind, line: e.line }));
        assert.deepEqual(errors, expected.asan ? [expected.asan] : [], `${name} under ${allocator}: the memory errors ASan found, no other`);
        const skip = new Set(layout.programs[name]?.lines ?? []);
        const got = vm.stdout.split('\n');
        const want = expected.stdout.split('\n');
        assert.equal(got.length, want.length, `${name} under ${allocator}: as many lines as gcc's`);
        want.forEach((line, i) => {
          if (!skip.has(i)) assert.equal(got[i], line, `${name} under ${allocator}, line ${i}`);
        });
        assert.equal(vm.stderr, expected.stderr, `${name} under ${allocator}: stderr`);
        assert.equal(end.kind === 'exited' ? end.code : undefined, expected.exitCode, `${name} under ${allocator}: exit status`);
      }
    });
  }

  it('every layout line listed is one that differs under some allocator or shows glibc\'s choice', () => {
    for (const [name, entry] of Object.entries(layout.programs)) {
      assert.ok(fs.existsSync(path.join(CORPUS, `${name}.c`)), `${name} is a corpus program`);
      assert.ok(entry.why.length > 10 && entry.lines.length > 0, `${name} says which lines and why`);
    }
  });
});

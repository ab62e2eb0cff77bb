import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../../src/cli/runCli';
import { nodeModulesLocator } from '../../../src/lang/c/nodeModulesLocator';
import type { RunReport } from '../../../src/shared/runReport';

const run = (...args: string[]) => runCli(args, nodeModulesLocator);
const FIXTURES = path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'c-run');
const ERRORS = path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'c-errors');
const LEAKS = path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'c-leaks');

function tempProgram(source: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'memory-atlas-run-')), 'prog.c');
  fs.writeFileSync(file, source);
  return file;
}

describe('memory-atlas run', () => {
  it("prints the program's output, then a report on stderr; exits with the program's status", async () => {
    const file = tempProgram('#include <stdio.h>\nint main(void) {\n  int a, b;\n  scanf("%d %d", &a, &b);\n  printf("%d\\n", a + b);\n  return 3;\n}\n');
    const out = await run('run', file, '--stdin', '2 40');
    assert.equal(out.stdout, '42\n');
    assert.equal(out.exitCode, 3);
    assert.match(out.stderr, /==4242== exited with status 3 after \d+ steps/);
    assert.match(out.stderr, /page faults: \d+ minor/);
  });

  it('--json: one RunReport; a segfault is a signal, an error with its line, and lost buffered output', async () => {
    const out = await run('run', '--json', path.join(FIXTURES, 'segfault.c'));
    const report = JSON.parse(out.stdout) as RunReport;
    assert.equal(out.exitCode, 139);
    assert.equal(report.exitCode, null);
    assert.equal(report.signal, 'SIGSEGV');
    assert.equal(report.stdout, '');
    assert.deepEqual(report.errors.map((e) => [e.kind, e.line]), [['null-dereference', 7]]);
    assert.equal(report.errors[0].address, '0x0');
    assert.ok(report.memory.heapBytes >= 0x21000 && report.memory.rss > 0 && report.faults.minor > 0);
  });

  it('--max-steps stops an endless loop with a step-limit error', async () => {
    const out = await run('run', '--json', '--max-steps', '500', tempProgram('int main(void) {\n  for (;;) {}\n}\n'));
    const report = JSON.parse(out.stdout) as RunReport;
    assert.equal(report.steps, 500);
    assert.deepEqual(report.errors.map((e) => e.kind), ['step-limit']);
  });

  it('reports a memory error as ASan users know it: kind, access, address, the block and its sites; --json has the same', async () => {
    const file = path.join(ERRORS, 'use_after_free_read.c');
    const text = await run('run', file);
    assert.equal(text.exitCode, 1);
    const lines = text.stderr.split('\n');
    assert.ok(lines.includes('==4242== use-after-free: READ of 4 bytes at 0x5555555592a0, line 24 (in main)'), text.stderr);
    assert.ok(lines.includes('==4242==   0x5555555592a0 is 0 bytes inside the 16-byte block allocated at line 11 (in new_node <- main) and freed at line 18 (in release <- main)'), text.stderr);
    assert.ok(lines.includes('==4242== 1 memory error (the run stopped at the first; --keep-going goes on as the program would)'), text.stderr);
    const report = JSON.parse((await run('run', '--json', file)).stdout) as RunReport;
    assert.equal(report.errors.length, 1);
    const e = report.errors[0];
    assert.deepEqual(
      { kind: e.kind, line: e.line, column: e.column, address: e.address, size: e.size, access: e.access, allocated: e.allocatedAt?.line, freed: e.freedAt?.line },
      { kind: 'use-after-free', line: 24, column: 5, address: '0x5555555592a0', size: 4, access: 'read', allocated: 11, freed: 18 },
    );
    assert.deepEqual(e.freedAt?.stack.map((f) => f.function), ['release', 'main']);
    assert.equal(e.message, '0 bytes inside the 16-byte block allocated at line 11 (in new_node <- main) and freed at line 18 (in release <- main)');
  });

  it('--keep-going: the program goes on past its errors as an unchecked build would', async () => {
    const out = await run('run', '--keep-going', '--json', path.join(ERRORS, 'double_free.c'));
    const report = JSON.parse(out.stdout) as RunReport;
    assert.equal(report.signal, 'SIGABRT');
    assert.equal(report.stderr, 'free(): double free detected in tcache 2\n');
    assert.deepEqual(report.errors.map((e) => [e.kind, e.line]), [['double-free', 9], ['abort', 9]]);
  });

  it('reports compile errors like gcc and exits 1; a bad option value is a usage error', async () => {
    const out = await run('run', tempProgram('int main(void) { return undeclared; }\n'));
    assert.equal(out.exitCode, 1);
    assert.match(out.stderr, /prog\.c:1:25: error: 'undeclared' undeclared/);
    assert.equal((await run('run', '--max-steps', 'x', 'a.c')).exitCode, 2);
  });
  it('reports leaks at exit as Memcheck classifies them, with where each lost block lost its last pointer; --json has the same', async () => {
    const file = path.join(LEAKS, 'orphan_list.c');
    const text = await run('run', file);
    const lines = text.stderr.split('\n').map((l) => l.replace(/^==4242== /, ''));
    assert.ok(lines.includes('    in use: 80 bytes in 5 blocks'), text.stderr);
    assert.ok(lines.includes('16 bytes in 1 block (+64 bytes only it points to) definitely lost, allocated at line 8 (in push <- main)'), text.stderr);
    assert.ok(lines.includes('    its last pointer went at line 18 (at step 45)'), text.stderr);
    assert.ok(lines.includes('    definitely lost: 16 bytes in 1 block'));
    assert.ok(lines.includes('    indirectly lost: 64 bytes in 4 blocks'));
    const report = JSON.parse((await run('run', file, '--json')).stdout) as RunReport;
    assert.deepEqual(report.leaks?.definitelyLost, { bytes: 16, blocks: 1 });
    assert.deepEqual(report.leaks?.indirectlyLost, { bytes: 64, blocks: 4 });
    assert.equal(report.leaks?.blocks.length, 5);
    assert.deepEqual(report.leaks?.blocks[0].lostAt, { step: 45, line: 18 });
    assert.deepEqual(report.leaks?.blocks[0].allocatedAt?.stack, [{ function: 'push', line: 8 }, { function: 'main', line: 16 }]);
    const clean = await run('run', path.join(LEAKS, 'no_leaks.c'));
    assert.match(clean.stderr, /every block was freed: nothing can leak/);
  });

  it('--json lists each loss record and its first 10 blocks (--all-blocks: every block); the report is version 2', async () => {
    const file = tempProgram('#include <stdlib.h>\nint main(void) {\n  char *p = 0;\n  for (int i = 0; i < 25; i++)\n    p = malloc(32);\n  p = malloc(8);\n  return 0;\n}\n');
    const report = JSON.parse((await run('run', file, '--json')).stdout) as RunReport;
    assert.equal(report.version, 2);
    assert.deepEqual(report.leaks?.records.map((r) => [r.class, r.bytes, r.blocks, r.allocatedAt?.line, r.lostAt?.line]), [
      ['definitely-lost', 800, 25, 5, 5], ['definitely-lost', 8, 1, 6, 8],
    ]);
    assert.equal(report.leaks?.blocksPerRecord, 10);
    assert.equal(report.leaks?.blocks.length, 11);
    assert.deepEqual(report.leaks?.inUse, { bytes: 808, blocks: 26 });
    const all = JSON.parse((await run('run', file, '--json', '--all-blocks')).stdout) as RunReport;
    assert.equal(all.leaks?.blocksPerRecord, null);
    assert.equal(all.leaks?.blocks.length, 26);
    const text = await run('run', file);
    assert.match(text.stderr, /800 bytes in 25 blocks definitely lost, allocated at line 5 \(in main\)\n==4242==     the first one's last pointer went at line 5 \(at step \d+\)/);
  });

  it('counts in the singular and the plural, and says what a step is', async () => {
    const out = await run('run', tempProgram('#include <stdio.h>\nint main(void) {\n  printf("one\\n");\n  return 0;\n}\n'));
    assert.match(out.stderr, /==4242==     over the run: 1 allocation, 1 free, 4,096 bytes allocated\n/);
    assert.match(out.stderr, /==4242== exited with status 0 after 3 steps \(C statements executed\)\n/);
  });

  it('a run stopped at its first error says its live blocks were not checked for leaks (not that they were freed)', async () => {
    const file = tempProgram('#include <stdlib.h>\nint main(void) {\n  int *p = malloc(40);\n  int *q = malloc(8);\n  free(p);\n  q[0] = p[1];\n  free(q);\n  return 0;\n}\n');
    const out = await run('run', file);
    assert.match(out.stderr, /use-after-free: READ of 4 bytes/);
    assert.match(out.stderr, /leaks not checked: the run stopped at its first error, so the program never got to free the 8 bytes in 1 block it still held/);
    assert.doesNotMatch(out.stderr, /leak summary|nothing can leak/);
    const report = JSON.parse((await run('run', '--json', file)).stdout) as RunReport;
    assert.equal(report.leaks?.stoppedAtError, true);
  });
});

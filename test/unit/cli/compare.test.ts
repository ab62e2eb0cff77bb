import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../../src/cli/runCli';
import { nodeModulesLocator } from '../../../src/lang/c/nodeModulesLocator';
import { type AllocatorComparison, isAllocatorComparison } from '../../../src/shared/allocatorComparison';
import type { RunReport } from '../../../src/shared/runReport';
import { compareAllocators } from '../../../src/session/compareAllocators';
import { Session } from '../../../src/session/session';
import { CProgram } from '../../../src/lang/c/program/cProgram';
import { testParser } from '../cProgram';

const run = (...args: string[]) => runCli(args, nodeModulesLocator);
const EXAMPLES = path.join(__dirname, '..', '..', '..', '..', 'media', 'examples');
const CORPUS = path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'c-programs');

function tempProgram(source: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'memory-atlas-compare-')), 'prog.c');
  fs.writeFileSync(file, source);
  return file;
}

describe('memory-atlas compare', function () {
  this.timeout(60000);

  it('allocator-holes.c: the allocators measurably differ in bytes from the kernel and fragmentation, the output is the same', async () => {
    const out = await run('compare', path.join(EXAMPLES, 'allocator-holes.c'), '--allocators', 'glibc,first-fit,buddy,segregated', '--json');
    assert.equal(out.exitCode, 0, out.stderr);
    const c = JSON.parse(out.stdout) as AllocatorComparison;
    assert.ok(isAllocatorComparison(c));
    const by = Object.fromEntries(c.runs.map((r) => [r.allocator, r]));
    // 32 blocks of 100 bytes live, 16 of 300, and stdout's 4096-byte buffer, at the first printf.
    for (const r of c.runs) {
      assert.equal(r.at.kind, 'peak');
      assert.equal(r.heap.requestedBytes, 32 * 100 + 16 * 300 + 4096);
      assert.equal(r.difference, undefined, `${r.allocator}: same output`);
    }
    assert.equal(c.stdout, '32 small blocks kept, checksum 3478\n');
    // glibc's first sbrk is 132 KiB; first-fit grows by 16 KiB steps; buddy by 128 KiB blocks after
    // its list heads; segregated takes a 64 KiB page for each of the three size classes.
    assert.equal(by.glibc.heap.kernelBytes, 0x21000);
    assert.equal(by['first-fit'].heap.kernelBytes, 32768);
    assert.equal(by.buddy.heap.kernelBytes, 112 + 131072);
    assert.equal(by.segregated.heap.kernelBytes, 0x7000 + 3 * 65536);
    // The 32 freed 100-byte blocks sit between live ones: first-fit cannot merge them (32 x 128 bytes
    // of holes the big requests skip), buddy rounds 100 + 16 up to 128 and 300 + 16 to 512.
    assert.equal(by['first-fit'].heap.externalFragmentationBytes, 32 * 128);
    assert.equal(by['first-fit'].run.brkCalls, 2);
    assert.ok(by.buddy.heap.internalFragmentationBytes > 4 * by['first-fit'].heap.internalFragmentationBytes);
    assert.ok(c.runs.every((r) => r.run.failedRequests === 0 && r.run.peakRequestedBytes === r.heap.requestedBytes));
  });

  it('prints the table and the output once; flags the allocator under which the output differs', async () => {
    const out = await run('compare', path.join(CORPUS, 'tcache_lifo.c'), '--allocators', 'glibc,first-fit');
    assert.equal(out.exitCode, 0, out.stderr);
    const lines = out.stdout.split('\n');
    assert.match(lines[0], /tcache_lifo\.c under glibc, first-fit/);
    assert.match(out.stdout, /^ +glibc +first-fit$/m);
    for (const row of ['requested (live)', 'from the kernel', 'internal fragmentation', 'external fragmentation', 'largest free block', 'brk calls', 'mmap / munmap calls', 'page faults (minor)', 'failed requests']) {
      assert.match(out.stdout, new RegExp(`^  ${row.replace(/[()/]/g, '\\$&')} +\\S`, 'm'), row);
    }
    assert.match(out.stdout, /^output under glibc:\ntcache order demo\nfreed 0 1 2, malloc\(40\) x3 returns blocks: 2 1 0$/m);
    assert.match(out.stdout, /^!! under first-fit stdout differs at line 2: "freed 0 1 2, malloc\(40\) x3 returns blocks: 0 1 2" \(glibc: "freed 0 1 2, malloc\(40\) x3 returns blocks: 2 1 0"\)$/m);
  });

  it('a request that fails under one allocator and not another is counted and flagged', async () => {
    // 100 rounds of malloc(1 MiB) with a small block kept after each: the bump arena never reuses the
    // big ones, so it reaches the commit limit (16 MiB of RAM, no swap) where first-fit maps and
    // unmaps each. The failed malloc stops the checked run, as ASan's allocator does.
    const source = `#include <stdio.h>\n#include <stdlib.h>\nint main(void) {\n  int failed = 0;\n  for (int i = 0; i < 100; i++) {\n    char *big = malloc(1 << 20);\n    if (big == NULL) { failed++; continue; }\n    big[0] = 1;\n    malloc(16);\n    free(big);\n  }\n  printf("failed %d\\n", failed);\n  return 0;\n}\n`;
    const parser = await testParser();
    const c = compareAllocators('fail.c', ['first-fit', 'bump'], (allocator) => {
      const options = { noCheckpoints: true, allocator, ramBytes: 16 << 20, swapBytes: 0 };
      return new Session(CProgram.create(parser, source, 'fail.c', options), options);
    });
    const [firstFit, bump] = c.runs;
    assert.equal(c.stdout, 'failed 0\n');
    assert.deepEqual([firstFit.run.failedRequests, firstFit.run.mmapCalls, firstFit.run.munmapCalls], [0, 100, 100]);
    assert.equal(bump.run.failedRequests, 1);
    assert.equal(bump.errors[0]?.kind, 'out-of-memory');
    assert.deepEqual(bump.difference, { stream: 'stdout', line: 1, reference: 'failed 0', actual: '' });
    assert.ok(bump.run.peakKernelBytes > 14 << 20, 'the arena held nearly all the memory there was');
  });

  it('usage errors: an unknown allocator, a single one, --allocator on compare', async () => {
    const file = path.join(EXAMPLES, 'allocator-holes.c');
    let out = await run('compare', file, '--allocators', 'glibc,budy');
    assert.equal(out.exitCode, 2);
    assert.match(out.stderr, /unknown allocator 'budy' \(one of: glibc, bump, first-fit, best-fit, segregated, slab, buddy\)/);
    out = await run('compare', file, '--allocators', 'glibc');
    assert.match(out.stderr, /at least two different allocators/);
    out = await run('compare', file, '--allocator', 'buddy');
    assert.match(out.stderr, /--allocator is for run/);
  });
});

describe('memory-atlas run --allocator', function () {
  this.timeout(30000);

  it('runs under the allocator named, over the file\'s annotation; the report says which and what it did', async () => {
    const file = tempProgram('// @atlas allocator: slab\n#include <stdlib.h>\nint main(void) {\n  void *p = malloc(40);\n  free(p);\n  return 0;\n}\n');
    const annotated = JSON.parse((await run('run', file, '--json')).stdout) as RunReport;
    assert.equal(annotated.heap?.allocator, 'slab');
    const flagged = await run('run', file, '--allocator', 'buddy');
    assert.match(flagged.stderr, /==4242== allocator: buddy, 1 brk and 0 mmap calls, at most 40 bytes requested at once/);
    const json = JSON.parse((await run('run', file, '--json', '--allocator', 'first-fit')).stdout) as RunReport;
    assert.equal(json.heap?.allocator, 'first-fit');
    assert.equal(json.heap?.activity.brkCalls, 1);
  });

  it('a misspelt annotation is an error at its place, and the program does not run', async () => {
    const file = tempProgram('int main(void) {\n  return 0; // @atlas allocator: firstfit\n}\n');
    const out = await run('run', file);
    assert.equal(out.exitCode, 1);
    assert.match(out.stderr, /prog\.c:2:34: error: unknown allocator 'firstfit' \(one of: glibc, bump, first-fit, best-fit, segregated, slab, buddy\)/);
  });
});

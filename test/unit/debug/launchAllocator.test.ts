import * as assert from 'node:assert/strict';
import { sessionOptionsOf } from '../../../src/debug/launchArguments';
import { CProgram } from '../../../src/lang/c/program/cProgram';
import { testParser } from '../cProgram';

const noFile = (): string => {
  throw new Error('no file');
};

describe('choosing the allocator: launch option, annotation, setting', () => {
  it('the launch configuration\'s allocator and the setting\'s fallback reach the session options', () => {
    const options = sessionOptionsOf({ program: 'x.c', allocator: 'buddy', defaultAllocator: 'slab' }, noFile);
    assert.ok(!('error' in options));
    assert.equal(options.allocator, 'buddy');
    assert.equal(options.defaultAllocator, 'slab');
    const bad = sessionOptionsOf({ program: 'x.c', allocator: 'budy' }, noFile);
    assert.deepEqual(bad, { error: "'allocator': unknown allocator 'budy' (one of: glibc, bump, first-fit, best-fit, segregated, slab, buddy)" });
  });

  it('explicit over the file\'s annotation over the default, glibc when none says', async () => {
    const parser = await testParser();
    const annotated = '// @atlas allocator: best-fit\nint main(void) { return 0; }\n';
    const plain = 'int main(void) { return 0; }\n';
    assert.equal(CProgram.create(parser, annotated, 'a.c', { allocator: 'buddy', defaultAllocator: 'slab' }).allocator, 'buddy');
    assert.equal(CProgram.create(parser, annotated, 'a.c', { defaultAllocator: 'slab' }).allocator, 'best-fit');
    assert.equal(CProgram.create(parser, plain, 'a.c', { defaultAllocator: 'slab' }).allocator, 'slab');
    const program = CProgram.create(parser, plain, 'a.c');
    assert.equal(program.allocator, 'glibc');
    assert.equal(program.vm!.process.allocator.name, 'glibc-2.36');
    assert.equal(CProgram.create(parser, annotated, 'a.c').vm!.process.allocator.name, 'best-fit', 'the process runs under it');
  });
});

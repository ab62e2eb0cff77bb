import * as assert from 'node:assert/strict';
import { PAGE_SIZE, PIE_BASE, STACK_TOP } from '../../../../src/engine/addressSpace/layout';
import { formatProcMaps } from '../../../../src/engine/addressSpace/procMaps';
import { imageOfSource } from '../../cProgram';

describe('the process image at main\'s entry', () => {
  it('lays out a PIE like Linux does with ASLR off: five program mappings from 0x555555554000', async () => {
    const image = await imageOfSource('int g = 1;\nint z;\nint main(void) { return g + z; }\n');
    const maps = formatProcMaps(image.addressSpace.list()).split('\n');
    assert.deepEqual(maps.slice(0, 5).map((l) => l.slice(0, 30)), [
      '555555554000-555555555000 r--p',
      '555555555000-555555556000 r-xp',
      '555555556000-555555557000 r--p',
      '555555557000-555555558000 r--p',
      '555555558000-555555559000 rw-p',
    ]);
    assert.ok(maps[0].endsWith('/home/student/test'));
    assert.match(maps.find((l) => l.includes('[stack]')) ?? '', /^7ffffffde000-7ffffffff000 rw-p 00000000 00:00 0 +\[stack\]$/);
    assert.ok(maps.some((l) => l.endsWith('/usr/lib/x86_64-linux-gnu/libc.so.6') && l.includes(' r-xp ')));
    assert.ok(maps.some((l) => l.endsWith('[vdso]')));
    assert.ok(!maps.some((l) => l.includes('[heap]')), 'no [heap] before the first brk');
  });

  it('puts the initial program break on the page after .bss', async () => {
    const image = await imageOfSource('char big[10000];\nint main(void) { return 0; }\n');
    const big = image.symbols.find((s) => s.object.name === 'big');
    assert.ok(big);
    assert.equal(image.initialBreak % PAGE_SIZE, 0);
    assert.ok(image.initialBreak >= big.address + 10000 && image.initialBreak - (big.address + 10000) < PAGE_SIZE);
    // .bss past the file-backed page is an anonymous mapping, as the kernel maps it.
    const anonymousBss = image.addressSpace.list().find((v) => v.role === 'bss');
    assert.ok(anonymousBss && !anonymousBss.file && anonymousBss.end === image.initialBreak);
  });

  it('places each kind of object in the mapping gcc and ld would put it in', async () => {
    const image = await imageOfSource('const int k = 1;\nint d = 2;\nint b;\nconst char *s = "lit";\nint main(void) { return 0; }\n');
    const region = (name: string) => image.symbols.find((s) => s.object.name === name)?.region;
    assert.equal(region('main'), 'text');
    assert.equal(region('k'), 'rodata');
    assert.equal(region('.LC0'), 'rodata');
    assert.equal(region('d'), 'data');
    assert.equal(region('b'), 'data', 'the first .bss objects share the last file-backed page');
    assert.ok(image.symbols.every((s) => s.address >= PIE_BASE && s.address < image.initialBreak));
  });

  it('builds the stack the kernel builds: strings at the top, argc at a 16-byte aligned rsp', async () => {
    const image = await imageOfSource('int main(void) { return 0; }\n', 'prog.c');
    const { stack } = image;
    assert.equal(stack.entryRsp % 16, 0);
    assert.equal(stack.argvAddress, stack.entryRsp + 8);
    assert.ok(stack.argvStrings[0] > stack.entryRsp && stack.argvStrings[0] < STACK_TOP);
    assert.equal(stack.items[0].label, 'end marker (8 zero bytes)');
    assert.equal(stack.items[0].start, STACK_TOP - 8);
    assert.ok(stack.mainEntryRsp < stack.entryRsp);
    assert.equal(image.guardPage.end, STACK_TOP - 8 * 1024 * 1024);
  });

  it('answers "what is mapped here" for any address', async () => {
    const image = await imageOfSource('int main(void) { return 0; }\n');
    assert.equal(image.addressSpace.find(0)?.role, undefined);
    assert.equal(image.addressSpace.find(PIE_BASE + 0x1000)?.role, 'text');
    assert.equal(image.addressSpace.find(STACK_TOP - 1)?.role, 'stack');
  });
});

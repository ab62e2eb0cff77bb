import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import { PIE_BASE } from '../../../../src/engine/addressSpace/layout';
import { imageSnapshot } from '../../../../src/engine/image/imageSnapshot';
import { FIXTURES, fixturePath, imageOfSource, readFixture } from '../../cProgram';
import { type GccSymbolTable, gccSymbolTable, hasTool, recordedTablePath } from '../../gccSymbols';

/**
 * The simulated image puts every symbol where gcc 12 + GNU ld put it: same section, same size,
 * same binding, and for .data and .bss objects the same address. Checked against the recorded
 * output of gcc/nm/objdump, and against a live gcc build where gcc is installed.
 */
const fixtures = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.c') && fs.existsSync(recordedTablePath(fixturePath(f))));
const gccAvailable = hasTool('gcc') && hasTool('nm') && hasTool('objdump');

describe('symbols match gcc and binutils', () => {
  before(function () {
    if (!gccAvailable) console.log('    (gcc/binutils not installed: comparing with the recorded gcc output only)');
  });

  for (const name of fixtures) {
    describe(name, () => {
      const recorded = JSON.parse(fs.readFileSync(recordedTablePath(fixturePath(name)), 'utf8')) as GccSymbolTable;

      it('matches the recorded nm -S / objdump -t output', async () => {
        await compare(name, recorded);
      });

      it('matches a live gcc build, and the recording is still what gcc produces', async function () {
        if (!gccAvailable) this.skip();
        const live = gccSymbolTable(fixturePath(name));
        assert.deepEqual(live.symbols, recorded.symbols, `gcc output changed; re-record with: node test/tools/record-gcc-symbols.js`);
        await compare(name, live);
      });
    });
  }
});

async function compare(name: string, gcc: GccSymbolTable): Promise<void> {
  const image = await imageOfSource(readFixture(name), name);
  assert.deepEqual(image.analyzed.diagnostics.filter((d) => d.severity === 'error'), []);
  const ours = imageSnapshot(image, name, image.analyzed.diagnostics).symbols.filter((s) => s.kind !== 'string-literal');
  for (const expected of gcc.symbols) {
    const actual = ours.find((s) => s.name === expected.name);
    assert.ok(actual, `${expected.name} (${expected.section}) is missing from the simulated image`);
    assert.equal(actual.section, expected.section, `section of ${expected.name}`);
    assert.equal(actual.binding, expected.letter === expected.letter.toLowerCase() ? 'local' : 'global', `binding of ${expected.name}`);
    if (actual.kind === 'function') continue; // code size is estimated: the program is never compiled
    assert.equal(actual.size, expected.size, `size of ${expected.name}`);
    if (expected.section === '.data' || expected.section === '.bss') {
      assert.equal('0x' + (actual.address - PIE_BASE).toString(16), '0x' + expected.offset.toString(16), `address of ${expected.name}`);
    }
  }
  const extra = ours.filter((s) => !gcc.symbols.some((g) => g.name === s.name)).map((s) => s.name);
  assert.deepEqual(extra, [], 'symbols gcc does not have');
}

import * as assert from 'node:assert/strict';
import { CParser } from '../../../../../src/lang/c/parser';
import { nodeModulesLocator } from '../../../../../src/lang/c/nodeModulesLocator';
import { libraryFunctions, libraryTypes } from '../../../../../src/lang/c/interpreter/builtins/libraryTable';
import { LIBRARY_PROTOTYPES } from '../../../../../src/lang/c/interpreter/builtins/prototypes';

/**
 * The library's prototypes are parsed one at a time, the first time a type is asked for (start-up
 * no longer parses all of them): each must give the very type, name and address that parsing the
 * whole text at once gives.
 */
describe('C library prototypes, parsed on first use', () => {
  it('give every function the type, in the order and at the address, of one parse of all the prototypes', async () => {
    const parser = await CParser.create(nodeModulesLocator);
    const types = libraryTypes();
    const tree = parser.parse(LIBRARY_PROTOTYPES);
    const whole: { name: string; type: unknown }[] = [];
    for (const decl of tree.rootNode.namedChildren) {
      if (!decl || decl.type !== 'declaration') continue;
      for (const d of types.declarators(decl, types.specifiers(decl).base)) if (d.name && d.type.kind === 'function') whole.push({ name: d.name, type: d.type });
    }
    tree.delete();
    const lazy = [...libraryFunctions(parser).values()].filter((f) => f.name !== '__assert');
    assert.ok(whole.length > 100);
    assert.deepEqual(lazy.map((f) => f.name), whole.map((f) => f.name));
    lazy.forEach((f, i) => {
      assert.deepEqual(f.type, whole[i].type, f.name);
      assert.equal(f.address, lazy[0].address + i * 0x100);
    });
  });
});

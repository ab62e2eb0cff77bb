import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from '../../../../src/engine/managedHeap/v8Sizes';

// Recorded from node v20's heap snapshots (no pointer compression) by the scripts beside the
// fixtures; the tests read the recordings, so they run where node is absent.
const FIXTURES = path.join(__dirname, '..', '..', '..', '..', '..', 'test', 'fixtures', 'managedHeap');

/** `name type label size | edge=label/type/size ...` lines → by name: self size and the edges' sizes by edge name. */
function shallowSizes(): Map<string, { size: number; edges: Map<string, number> }> {
  const out = new Map<string, { size: number; edges: Map<string, number> }>();
  for (const line of fs.readFileSync(path.join(FIXTURES, 'node-v20-shallow-sizes.txt'), 'utf8').split('\n')) {
    const [head, tail = ''] = line.split(' | ');
    const words = head.split(' ');
    if (words.length < 3) continue;
    const edges = new Map<string, number>();
    for (const e of tail.split('  ')) {
      const m = /^(\w+):([^=]+)=.*\/(\d+)$/.exec(e.trim());
      if (m) edges.set(`${m[1]}:${m[2]}`, Number(m[3]));
    }
    out.set(words[0], { size: Number(words[words.length - 1]), edges });
  }
  return out;
}

describe('V8 object sizes (x64, no pointer compression) against node v20\'s heap snapshot', () => {
  const node = shallowSizes();
  const size = (name: string): number => node.get(name)!.size;
  const edge = (name: string, e: string): number => node.get(name)!.edges.get(e)!;

  it('objects: {} is 56 bytes (three header words, four spare slots); literals get a slot per property', () => {
    assert.equal(v8.objectLiteralBytes(0), size('empty'));
    assert.equal(v8.objectLiteralBytes(0), 56);
    assert.equal(v8.objectLiteralBytes(1), size('one'));
    assert.equal(v8.objectLiteralBytes(2), size('two'));
    assert.equal(v8.objectLiteralBytes(5), size('five'));
    assert.equal(v8.HEAP_NUMBER_BYTES, edge('num', 'hidden:2'));
  });

  it('arrays: a 32-byte header plus a FixedArray of 16 + 8 a slot', () => {
    assert.equal(v8.ARRAY_BYTES, size('arr'));
    assert.equal(v8.fixedArrayBytes(2), edge('arrObj', 'internal:elements'));
    assert.equal(v8.fixedArrayBytes(3), edge('arr3', 'internal:elements'));
  });

  it('strings: a 16-byte header plus one byte a character (two for two-byte strings), to a word', () => {
    assert.equal(v8.stringBytes(10), size('str'));
    assert.equal(v8.stringBytes(8, true), size('str2'));
  });

  it('closures: seven words, eight with a prototype slot; contexts 32 + 8 a captured variable', () => {
    assert.equal(v8.closureBytes(false), size('arrow'));
    assert.equal(v8.closureBytes(true), size('fn'));
    assert.equal(v8.contextBytes(1), edge('arrow', 'internal:context'));
    assert.equal(v8.contextBytes(2), edge('fn', 'internal:context'));
  });

  it('collections: Map, Set and WeakMap objects and their backing tables', () => {
    assert.equal(v8.COLLECTION_BYTES, size('map'));
    assert.equal(v8.orderedHashMapBytes(v8.ORDERED_HASH_INITIAL_CAPACITY), edge('map', 'internal:table'));
    assert.equal(v8.orderedHashMapBytes(8), edge('map5', 'internal:table'));
    assert.equal(v8.orderedHashSetBytes(4), edge('set', 'internal:table'));
    assert.equal(v8.hashTableBytes(4), edge('wm', 'internal:table'));
  });

  it('array buffers and typed arrays (their payloads are off-heap)', () => {
    assert.equal(v8.ARRAY_BUFFER_BYTES, size('ab'));
    assert.equal(v8.TYPED_ARRAY_BYTES, size('u8'));
    assert.equal(v8.TYPED_ARRAY_BYTES, size('buf'));
  });

  it('slack tracking: room for max(n, 2) + 8 properties until the seventh construction shrinks every instance', () => {
    const lines = fs.readFileSync(path.join(FIXTURES, 'node-v20-slack-tracking.txt'), 'utf8').split('\n');
    let checked = 0;
    for (const line of lines) {
      const m = /^(?:class|fn)(\d+)_(\d+) (.*)$/.exec(line);
      if (!m) continue;
      const [properties, constructions] = [Number(m[1]), Number(m[2])];
      for (const s of m[3].split(' ')) {
        assert.equal(v8.instanceBytes(properties, properties, constructions), Number(s), line);
        checked++;
      }
    }
    assert.equal(checked, 186);
    assert.equal(v8.instanceBytes(0, 0, 1), size('m1'));
  });

  it('elements grow to old + old/2 + 16', () => {
    assert.deepEqual([0, 17, 41].map(v8.grownElementsCapacity), [16, 41, 77]);
  });
});

import * as assert from 'node:assert/strict';
import { parseAnnotations } from '../../../src/shared/annotations';

describe('annotations: run settings in a snippet\'s comments', () => {
  it('reads @atlas allocator in a line comment, after code, in a block comment and on a block comment\'s line', () => {
    assert.deepEqual(parseAnnotations('// @atlas allocator: first-fit\nint x;').settings, { allocator: 'first-fit' });
    assert.deepEqual(parseAnnotations('int x; // @atlas allocator: buddy').settings, { allocator: 'buddy' });
    assert.deepEqual(parseAnnotations('/* @atlas allocator: slab */').settings, { allocator: 'slab' });
    assert.deepEqual(parseAnnotations('/*\n * What this shows.\n * @atlas allocator: bump\n */').settings, { allocator: 'bump' });
    assert.deepEqual(parseAnnotations('// the allocator: glibc\nint atlas;').settings, {}, 'no @atlas, no setting');
  });

  it('says what is wrong, where: a bad value is an error, an unknown key or a repeat a warning', () => {
    const bad = parseAnnotations('int main(void) {\n  // @atlas allocator: firstfit\n}');
    assert.deepEqual(bad.settings, {});
    assert.deepEqual(bad.diagnostics.map((d) => [d.severity, d.range.startLine, d.range.startColumn, d.range.endColumn, d.message]), [
      ['error', 2, 24, 32, "unknown allocator 'firstfit' (one of: glibc, bump, first-fit, best-fit, segregated, slab, buddy)"],
    ]);
    const other = parseAnnotations('// @atlas garbage: scavenger\n// @atlas allocator: buddy\n// @atlas allocator: slab\n// @atlas');
    assert.deepEqual(other.settings, { allocator: 'buddy' });
    assert.deepEqual(other.diagnostics.map((d) => [d.severity, d.range.startLine, d.message.split(' (')[0].split(';')[0]]), [
      ['warning', 1, "unknown annotation '@atlas garbage'"],
      ['warning', 3, "'@atlas allocator' is given again"],
      ['error', 4, "an annotation is '@atlas key: value', e.g. '@atlas say: malloc hands back 64 bytes'"],
    ]);
  });
});

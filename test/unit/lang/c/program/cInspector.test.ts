import * as assert from 'node:assert/strict';
import type { InspectionError } from '../../../../../src/engine/program/programInspector';
import { inspected as value, startC } from '../interpreter/runC';

const LIST = [
  '#include <stdlib.h>', //                                    1
  'struct node { int value; struct node *next; };', //         2
  'int counter = 7;', //                                       3
  'const char *greeting = "hi";', //                           4
  'struct node *push(struct node *head, int v) {', //          5
  '  struct node *n = malloc(sizeof *n);', //                  6
  '  n->value = v;', //                                        7
  '  n->next = head;', //                                      8
  '  return n;', //                                            9
  '}', //                                                     10
  'int main(void) {', //                                      11
  '  int arr[5] = {1, 2, 3, 4, 5};', //                       12
  '  int x;', //                                              13
  '  struct node *p = push(0, 10);', //                       14
  '  p = push(p, 20);', //                                    15
  '  struct node *q = p->next;', //                           16
  '  free(q);', //                                            17
  '  { int x = 99; counter = x; }', //                        18
  '  x = arr[3];', //                                         19
  '  return x;', //                                           20
  '}', //                                                     21
].join('\n');

describe('C inspector: what the debugger shows of a paused program', () => {
  it('evaluates C expressions over the frame: members through pointers, subscripts, &, *, casts, sizeof', async () => {
    const s = await startC(LIST);
    s.runToLine(17);
    const ins = s.program.inspector;
    assert.equal(value(ins.evaluate('p->next->value', 0, 'watch')).value, '10');
    assert.equal(value(ins.evaluate('p->value + arr[3]', 0, 'watch')).value, '24');
    assert.equal(value(ins.evaluate('arr[3]', 0, 'watch')).type, 'int');
    const ax = value(ins.evaluate('&x', 0, 'watch'));
    assert.equal(ax.type, 'int *');
    assert.match(ax.target!.text, /^stack, 'x' in the frame of main, \d+ bytes below its rbp$/);
    assert.equal(value(ins.evaluate('*(int *)p', 0, 'watch')).value, '20');
    assert.equal(value(ins.evaluate('(char)(counter + 58)', 0, 'watch')).value, "65 'A'");
    assert.equal(value(ins.evaluate('sizeof(struct node)', 0, 'watch')).value, '16');
    assert.equal(value(ins.evaluate('p == q', 0, 'watch')).value, '0');
    assert.equal(value(ins.evaluate('greeting', 0, 'hover')).value.endsWith('"hi"'), true);
    assert.match(value(ins.evaluate('greeting', 0, 'hover')).target!.text, /^\.rodata, a string literal/);
    assert.match(value(ins.evaluate('counter', 0, 'hover')).place!.text, /^\.data, global 'counter'$/);
    assert.match((ins.evaluate('nope', 0, 'watch') as InspectionError).error, /No symbol "nope"/);
    assert.match((ins.evaluate('push(p, 1)', 0, 'watch') as InspectionError).error, /calls are not evaluated/);
    assert.match((ins.evaluate('p->', 0, 'watch') as InspectionError).error, /syntax error/);
  });

  it('marks uninitialized values and says where pointers point: heap blocks, freed ones dangling', async () => {
    const s = await startC(LIST);
    s.runToLine(14);
    const ins = s.program.inspector;
    const locals = ins.scopes(0).find((x) => x.kind === 'locals')!.values;
    assert.equal(locals.find((v) => v.name === 'x')!.value, '<uninitialized>');
    assert.equal(locals.find((v) => v.name === 'x')!.uninitialized, true);
    assert.equal(locals.find((v) => v.name === 'arr')!.value, '{1, 2, 3, 4, 5}');
    s.runToLine(18);
    const q = value(ins.evaluate('q', 0, 'hover'));
    assert.match(q.target!.text, /^freed block — this pointer dangles: the 16-byte block allocated at line 6 \(in push <- main\) and freed at line 17 \(in main\)$/);
    assert.equal(q.target!.invalid, true);
    const p = value(ins.evaluate('p', 0, 'hover'));
    assert.match(p.target!.text, /^heap, 16-byte block allocated at line 6 \(in push <- main\)$/);
    // Expanding p shows the struct's members and the block it lives in.
    const children = ins.children(p.children!);
    assert.deepEqual(children.map((c) => c.name), ['value', 'next', '[heap block]']);
    assert.equal(children[0].expression, 'p->value');
    assert.match(children[2].value, /^16 bytes requested, in use; chunk at 0x[0-9a-f]+, 32 bytes with its header \(size field flags: P--\), in-use$/);
  });

  it('shows the locals visible at the statement (an inner block hides an outer x) and the registers', async () => {
    const s = await startC(LIST);
    s.setBreakpoints([18]);
    s.continue();
    s.stepIn();
    const ins = s.program.inspector;
    const scopes = ins.scopes(0);
    assert.deepEqual(scopes.map((x) => x.name), ['Locals', 'Arguments', 'Globals and statics', 'Registers']);
    assert.equal(value(ins.evaluate('x', 0, 'hover')).value, '99');
    const registers = scopes.find((x) => x.kind === 'registers')!.values;
    assert.deepEqual(registers.map((r) => r.name), ['rip', 'rsp', 'rbp', 'saved rbp', 'return address']);
    assert.match(registers[0].target!.text, /^\.text, function 'main'/);
    s.stepIn();
    assert.equal(value(ins.evaluate('x', 0, 'hover')).value, '<uninitialized>', 'outside the block, the outer x');
  });

  it('frames and scopes of a caller; completions; assignment changes the program', async () => {
    const s = await startC(LIST);
    s.setBreakpoints([8]);
    s.continue();
    const ins = s.program.inspector;
    assert.deepEqual(ins.frames().map((f) => [f.name, f.line]), [['push', 8], ['main', 14]]);
    assert.deepEqual(ins.scopes(0).find((x) => x.kind === 'arguments')!.values.map((v) => `${v.name}=${v.value}`), ['head=0x0', 'v=10']);
    assert.equal(ins.scopes(1).find((x) => x.kind === 'locals')!.values.find((v) => v.name === 'arr')!.value, '{1, 2, 3, 4, 5}');
    assert.deepEqual(ins.completions('n->', 0), ['value', 'next']);
    assert.deepEqual(ins.completions('cou', 0), ['counter']);
    assert.equal(value(ins.assign('n->value', '41 + 1', 0)).value, '42');
    assert.equal(value(ins.evaluate('counter = 5', 0, 'repl')).value, '5');
    s.run();
    assert.equal(s.lastEvent.kind === 'exited' && s.lastEvent.code, 4);
    assert.match((ins.assign('arr', '1', 0) as InspectionError).error, /./);
  });

  it('reads and writes memory as a debugger does, stopping at unmapped pages', async () => {
    const s = await startC(LIST);
    s.runToLine(15);
    const ins = s.program.inspector;
    const arr = value(ins.evaluate('arr', 0, 'watch'));
    const read = ins.readMemory(arr.address!, 20);
    assert.deepEqual([...read.bytes].filter((_b, i) => i % 4 === 0), [1, 2, 3, 4, 5]);
    assert.equal(ins.writeMemory(arr.address! + 12, Uint8Array.of(44, 0, 0, 0)), 4);
    assert.equal(value(ins.evaluate('arr[3]', 0, 'watch')).value, '44');
    const unmapped = ins.readMemory(0x1000, 16);
    assert.equal(unmapped.bytes.length, 0);
    assert.equal(unmapped.unreadable, 16);
    assert.equal(ins.writeMemory(0x1000, Uint8Array.of(1)), 0);
  });
});

import * as assert from 'node:assert/strict';
import { judgeAnswer, parseAnnotations } from '../../../src/shared/annotations';
import { checkRunExpectations, type RunOutcome } from '../../../src/shared/annotations/check';
import { scanSourceLines } from '../../../src/shared/annotations/sourceComments';
import { interpolate } from '../../../src/shared/annotations/interpolate';
import { AnnotationStops } from '../../../src/session/annotationStops';

const messages = (text: string) => parseAnnotations(text).diagnostics.map((d) => `${d.severity} ${d.range.startLine}:${d.range.startColumn}: ${d.message}`);

describe('annotations: the format of narration, questions, expectations and milestones', () => {
  it('tells comments from code and strings, in C and JavaScript', () => {
    const lines = scanSourceLines('int x; // a\n/* b\n * c */ int y;\nchar *s = "// not a comment";\nconst t = `line\n// inside a template`;\n');
    assert.deepEqual(lines.map((l) => [l.hasCode, l.comments.map((c) => c.text.trim())]), [
      [true, ['a']], [false, ['b']], [true, ['* c']], [true, []], [true, []], [true, []], [false, []],
    ]);
    assert.deepEqual(parseAnnotations('char *s = "// @atlas say: no";\n').narration, [], 'an annotation in a string is none');
  });

  it('binds narration to the line it trails, or to the next line of code, joining consecutive lines', () => {
    const a = parseAnnotations([
      'int main(void) {',
      '    // @atlas say: first half,',
      '',
      '    // @atlas say: second half.',
      '    int x = 1; // @atlas say: trailing.',
      '    return x;',
      '}',
      '// @atlas at-exit: The end.',
    ].join('\n'));
    assert.deepEqual(a.narration, [
      { line: 5, text: 'first half, second half.', at: 2 },
      { line: 5, text: 'trailing.', at: 5 },
    ]);
    assert.deepEqual(a.exitNarration, ['The end.']);
  });

  it('reads multiple-choice, free-answer and open questions, with a condition and their reveal', () => {
    const a = parseAnnotations([
      '// @atlas ask: Which?',
      '// @atlas choice: one',
      '// @atlas correct: two',
      '// @atlas reveal: Two,',
      '// @atlas reveal: because.',
      'f();',
      '// @atlas ask: How many?',
      '// @atlas ask-when: n == 1',
      '// @atlas accept: 64,000',
      '// @atlas accept: sixty-four thousand',
      '// @atlas reveal: 64,000.',
      'g(n);',
      'h(); // @atlas ask: What do you think?',
    ].join('\n'));
    assert.deepEqual(a.questions.map((q) => [q.id, q.line, q.kind, q.prompt, q.choices.map((c) => `${c.text}${c.correct ? '*' : ''}`), q.accept, q.reveal, q.condition]), [
      [0, 6, 'choice', 'Which?', ['one', 'two*'], [], 'Two, because.', undefined],
      [1, 12, 'free', 'How many?', [], ['64,000', 'sixty-four thousand'], '64,000.', 'n == 1'],
      [2, 13, 'open', 'What do you think?', [], [], '', undefined],
    ]);
    const [choice, free, open] = a.questions;
    assert.equal(judgeAnswer(choice, 1), 'right');
    assert.equal(judgeAnswer(choice, 0), 'wrong');
    assert.equal(judgeAnswer(choice, 'TWO'), 'right');
    assert.equal(judgeAnswer(free, ' 64000 '), 'right');
    assert.equal(judgeAnswer(free, '64,000.'), 'right');
    assert.equal(judgeAnswer(free, '640'), 'wrong');
    assert.equal(judgeAnswer(open, 'anything'), 'open');
    assert.deepEqual(messages(a === undefined ? '' : 'h(); // @atlas ask: What do you think?'), ["warning 1:16: say what happened with '@atlas reveal:' (shown once the line has run)"]);
  });

  it('says what is wrong with a question, where', () => {
    assert.deepEqual(messages('// @atlas choice: lonely\nf();'), ["error 1:11: '@atlas choice' belongs to a question: write it after '@atlas ask:', before the question's line of code"]);
    assert.deepEqual(messages('// @atlas ask: Q?\n// @atlas choice: a\n// @atlas choice: b\n// @atlas reveal: r\nf();'), ["error 1:11: mark the right choice with '@atlas correct:' instead of '@atlas choice:'"]);
    assert.deepEqual(messages('// @atlas ask: Q?\n// @atlas correct: a\n// @atlas accept: a\n// @atlas reveal: r\nf();'), ['error 1:11: a question takes choices or accepted answers, not both']);
    assert.deepEqual(messages('int x;\n// @atlas say: nothing follows'), ['error 2:11: narration belongs to a line of code, and none follows it']);
  });

  it('reads run settings: allocator, collector, RAM, swap and the step limit', () => {
    const a = parseAnnotations('// @atlas allocator: buddy\n// @atlas collector: refcount+cycles\n// @atlas ram: 16 MiB\n// @atlas swap: 1G\n// @atlas step-limit: 2,000,000\n// @atlas title: A title');
    assert.deepEqual(a.settings, { allocator: 'buddy', collector: 'refcount+cycles', ramBytes: 16 * 1024 ** 2, swapBytes: 1024 ** 3, stepLimit: 2_000_000 });
    assert.equal(a.title, 'A title');
    assert.deepEqual(messages('// @atlas ram: lots\n// @atlas collector: magic\n// @atlas ram: 512K'), [
      "error 1:16: 'lots' is not a size (e.g. 16 MiB, 512 KiB, 4096 bytes)",
      'error 2:22: unknown collector \'magic\' (one of: generational, refcount, refcount+cycles)',
      "warning 3:11: '@atlas ram' is given again; the first one counts",
    ]);
  });

  it('reads every kind of expectation, and a line-bound one binds like narration', () => {
    const a = parseAnnotations([
      '// @atlas expect-stdout: hello',
      '// @atlas expect-stdout: \\tworld\\s',
      '// @atlas expect-exit: 0',
      '// @atlas expect-leaks: definitely 64,000 bytes in 1,000 blocks, still reachable 8 bytes in 1 block',
      '// @atlas expect-gc: scavenge >= 1, mark-sweep 0',
      '// @atlas expect-growth: rss >= 8 MiB, heapUsed < 1 MiB, rss > 10 x heapUsed',
      '// @atlas expect-faults: minor >= 256, major 0',
      'int main(void) {',
      '  free(p); // @atlas expect-error: double-free',
      '  // @atlas expect-after: count == 3',
      '  // @atlas expect-leaks-after: none',
      '  // @atlas expect-growth-after: vsz >= 1 MiB',
      '  g();',
      '}',
    ].join('\n'));
    assert.deepEqual(a.diagnostics, []);
    const zero = { bytes: 0, blocks: 0 };
    assert.deepEqual(a.expectations, [
      { kind: 'stdout', at: 1, text: 'hello\n\tworld \n' },
      { kind: 'exit', at: 3, code: 0 },
      { kind: 'leaks', at: 4, amounts: { definitely: { bytes: 64000, blocks: 1000 }, indirectly: zero, possibly: zero, reachable: { bytes: 8, blocks: 1 } } },
      { kind: 'gc', at: 5, counts: [{ gc: 'scavenge', op: '>=', value: 1 }, { gc: 'mark-sweep', op: '=', value: 0 }] },
      { kind: 'growth', at: 6, comparisons: [
        { figure: 'rss', op: '>=', value: { bytes: 8 * 1024 ** 2 } },
        { figure: 'heapUsed', op: '<', value: { bytes: 1024 ** 2 } },
        { figure: 'rss', op: '>', value: { figure: 'heapUsed', times: 10 } },
      ] },
      { kind: 'faults', at: 7, counts: [{ fault: 'minor', op: '>=', value: 256 }, { fault: 'major', op: '=', value: 0 }] },
      { kind: 'error', at: 9, line: 9, errorKind: 'double-free' },
      { kind: 'after', at: 10, line: 13, condition: 'count == 3' },
      { kind: 'leaks-after', at: 11, line: 13, amounts: { definitely: zero, indirectly: zero, possibly: zero, reachable: zero } },
      { kind: 'growth-after', at: 12, line: 13, comparisons: [{ figure: 'vsz', op: '>=', value: { bytes: 1024 ** 2 } }] },
    ]);
    assert.deepEqual(messages('// @atlas expect-leaks: lots\n// @atlas expect-error: oops\nf();\n// @atlas expect-gc: minor 1'), [
      "error 1:25: 'lots' is not '<class> N bytes in M blocks' (classes: definitely, indirectly, possibly, reachable; or 'none')",
      'error 2:25: unknown error kind \'oops\' (one of: use-after-free, double-free, invalid-free, heap-buffer-overflow, stack-buffer-overflow, global-buffer-overflow, null-dereference, segfault, stack-overflow, stack-use-after-return, uninitialized-read, out-of-memory, abort, arithmetic, step-limit)',
      "error 4:22: 'minor' is not a kind of collection (scavenge, mark-sweep, mark-compact, cycle-collection, any)",
    ]);
  });

  it('checks a run against its expectations, and says what differs', () => {
    const a = parseAnnotations([
      '// @atlas expect-stdout: hi', '// @atlas expect-exit: 0', '// @atlas expect-leaks: definitely 64 bytes in 1 block',
      '// @atlas expect-growth: rss >= 1 MiB, rss > 2 x heap', '// @atlas expect-faults: minor >= 10', '// @atlas expect-gc: any >= 1',
      'f(); // @atlas expect-error: use-after-free',
    ].join('\n'));
    const zero = { bytes: 0, blocks: 0 };
    const outcome: RunOutcome = {
      stdout: 'hi\n', exit: { code: 1 }, errors: [{ kind: 'use-after-free', line: 7 }, { kind: 'double-free', line: 9 }],
      leaks: { definitely: { bytes: 64, blocks: 1 }, indirectly: zero, possibly: zero, reachable: zero },
      faults: { minor: 12, major: 0, invalid: 0 }, start: { rss: 0, heap: 0 }, end: { rss: 2 * 1024 ** 2, heap: 1024 ** 2 },
    };
    assert.deepEqual(checkRunExpectations(a.expectations, outcome).map((r) => `${r.ok ? 'ok' : 'FAIL'} ${r.message}`), [
      'ok stdout: the 1 line expected',
      'FAIL expected exit status 0, got exit status 1',
      'ok leaks: definitely 64 bytes in 1 block',
      'FAIL rss grew 2,097,152 bytes, expected > 2 x heap (2,097,152 bytes)',
      'ok page faults: minor 12',
      'FAIL collections: any >= 1 (got no collector)',
      'ok use-after-free at line 7',
      "FAIL the run made errors no 'expect-error' names: double-free at line 9",
    ]);
  });

  it('quotes the program in narration: each {expression} is evaluated where it is shown', () => {
    assert.equal(interpolate('msg = {msg}, n = {n + 1}, {bad}', (e) => (e === 'bad' ? { error: 'No symbol "bad"' } : { value: e === 'msg' ? '0x5555555592a0 "hi"' : '3' })),
      'msg = 0x5555555592a0 "hi", n = 3, <No symbol "bad">');
  });

  it('pauses at narrated lines once, asks questions once their condition holds, and reveals when the line has finished', () => {
    const a = parseAnnotations([
      'int main(void) {', // 1
      '  // @atlas say: start', // 2
      '  int n = 0;', // 3
      '  // @atlas ask: Which pass?', // 4
      '  // @atlas ask-when: n == 2', // 5
      '  // @atlas accept: 2', // 6
      '  // @atlas reveal: the third', // 7
      '  while (n < 5) step(&n);', // 8
      '}',
    ].join('\n'));
    const stops = new AnnotationStops(a, new Set([3, 8, 9]));
    assert.deepEqual(stops.specs(), [{ line: 3 }, { line: 8, condition: '(n == 2)' }]);
    assert.deepEqual(stops.arrive(3, 1, 0, () => true).narration.map((n) => n.text), ['start']);
    assert.deepEqual(stops.specs(), [{ line: 8, condition: '(n == 2)' }], 'narration stops a continue once');
    assert.deepEqual(stops.arrive(8, 1, 5, () => false).asked, [], 'the condition does not hold yet');
    assert.deepEqual(stops.arrive(8, 1, 9, () => true).asked.map((q) => q.id), [0]);
    assert.deepEqual(stops.specs(), []);
    assert.equal(stops.innermostWaiting?.depth, 1);
    assert.deepEqual(stops.finish(2, 12, false), [], 'inside a call the line makes, it has not finished');
    assert.deepEqual(stops.finish(1, 9, false), [], 'the same step is not later');
    assert.deepEqual(stops.finish(1, 13, false).map((w) => w.questions.map((q) => q.id)), [[0]]);
    assert.deepEqual(stops.unreached(), { narration: [], questions: [], after: [] });
  });
});

import * as assert from 'node:assert/strict';
import { ProgressLine } from '../../../src/cli/progressLine';
import { runCli } from '../../../src/cli/runCli';
import { nodeModulesLocator } from '../../../src/lang/c/nodeModulesLocator';

/** A terminal that records what is written, and a clock the test moves (no real time is measured). */
function terminal(isTTY: boolean) {
  const written: string[] = [];
  return { isTTY, written, write: (text: string) => written.push(text) };
}

describe('memory-atlas run: a progress line on a terminal', () => {
  it('says how many steps have run, after the first second, and erases itself at the end', () => {
    let now = 0;
    const tty = terminal(true);
    const line = new ProgressLine(tty, () => now);
    line.update(1000);
    assert.deepEqual(tty.written, [], 'nothing during the first second');
    now = 1500;
    line.update(2_345_678);
    assert.match(tty.written[0], /^\r\x1b\[Kmemory-atlas: running, 2,345,678 steps \(C statements\) after 1 s/);
    now = 1600;
    line.update(2_400_000);
    assert.equal(tty.written.length, 1, 'at most four updates a second');
    line.end();
    assert.equal(tty.written.at(-1), '\r\x1b[K');
  });

  it('writes nothing when stderr is a pipe or a file', () => {
    let now = 0;
    const pipe = terminal(false);
    const line = new ProgressLine(pipe, () => now);
    now = 5000;
    line.update(10);
    line.end();
    assert.deepEqual(pipe.written, []);
    assert.equal(line.enabled, false);
  });

  it('a run driven in slices for the progress line gives the same output and report', async () => {
    const file = 'test/fixtures/c-programs/bst.c';
    const plain = await runCli(['run', file], nodeModulesLocator);
    const tty = terminal(true);
    const sliced = await runCli(['run', file], nodeModulesLocator, tty);
    assert.deepEqual(sliced, plain);
    // Short runs end before the first second: the terminal got no progress line at all.
    assert.deepEqual(tty.written.filter((t) => t !== '\r\x1b[K'), []);
  });
});

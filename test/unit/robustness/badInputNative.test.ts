import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { gccInstalled } from '../../tools/nativeRun';
import { BAD_INPUT, NATIVE } from './badInputs';

/** The recorded gcc runs of the bad-input programs still hold with the gcc installed here. */
describe('bad input: the recorded native runs (gcc, setarch -R)', function () {
  this.timeout(60_000);

  it('each program prints and exits as recorded', function () {
    if (!gccInstalled() || spawnSync('setarch', ['-R', 'true']).status !== 0) {
      console.log(`      gcc or setarch -R is not available: the recorded runs (${NATIVE.recordedWith}) are used as they are`);
      this.skip();
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memory-atlas-bad-native-'));
    try {
      for (const [name, expected] of Object.entries(NATIVE.runs)) {
        const exe = path.join(dir, name.replace(/\.c$/, ''));
        const cc = spawnSync('gcc', ['-O0', '-w', '-o', exe, path.join(BAD_INPUT, name)], { encoding: 'utf8' });
        assert.equal(cc.status, 0, cc.stderr);
        const r = spawnSync('setarch', ['-R', exe], { encoding: 'latin1', timeout: 20_000, env: { PATH: process.env.PATH, LC_ALL: 'C' } });
        assert.deepEqual({ stdout: r.stdout, exitCode: r.status, signal: r.signal }, { stdout: expected.stdout, exitCode: expected.exitCode, signal: expected.signal ?? null }, name);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

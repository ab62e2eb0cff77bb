import * as assert from 'node:assert/strict';
import { runCli } from '../../../src/cli/runCli';
import { nodeModulesLocator } from '../../../src/lang/c/nodeModulesLocator';
import type { MapsReport } from '../../../src/shared/mapsReport';
import { fixturePath } from '../cProgram';

const run = (...args: string[]) => runCli(args, nodeModulesLocator);

describe('memory-atlas maps', () => {
  it('prints /proc/self/maps, then the symbol table in address order', async () => {
    const out = await run('maps', fixturePath('globals.c'));
    assert.equal(out.exitCode, 0);
    assert.equal(out.stderr, '');
    const [maps, symbols] = out.stdout.split('\nSymbols of ');
    assert.match(maps.split('\n')[0], /^555555554000-555555555000 r--p 00000000 fe:01 \d+ +\/home\/student\/globals$/);
    assert.ok(maps.includes('[stack]') && maps.includes('[vdso]'));
    const lines = symbols.split('\n').filter((l) => /^[0-9a-f]{16} /.test(l));
    const addresses = lines.map((l) => parseInt(l.slice(0, 16), 16));
    assert.deepEqual(addresses, [...addresses].sort((a, b) => a - b));
    assert.ok(lines.some((l) => /^0000555555558040 +4 +\.data +variable +counter +int +line 15$/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => l.includes('.bss') && l.includes('calls.1')));
  });

  it('prints one JSON document with maps and symbols ({ name, kind, section, address, size, type, line })', async () => {
    const out = await run('maps', '--json', fixturePath('globals.c'));
    assert.equal(out.exitCode, 0);
    const report = JSON.parse(out.stdout) as MapsReport;
    assert.equal(report.version, 1);
    assert.ok(report.maps.length >= 20);
    assert.deepEqual(report.maps[0], { start: '0x555555554000', end: '0x555555555000', perms: 'r--p', name: '/home/student/globals', role: 'elf-headers' });
    const counter = report.symbols.find((s) => s.name === 'counter');
    assert.deepEqual(counter, { name: 'counter', kind: 'variable', section: '.data', address: '0x555555558040', size: 4, type: 'int', line: 15 });
    assert.equal(report.symbols.find((s) => s.name === 'main')?.sizeIsEstimate, true);
  });

  it('prints errors like gcc and exits 1 for a program with errors', async () => {
    const out = await run('maps', fixturePath('../workspace/broken.c'));
    assert.equal(out.exitCode, 1);
    assert.match(out.stderr, /broken\.c:6:13: error: expected ';' at the end of this line/);
    assert.ok(out.stdout.includes('total'), 'what was understood is still printed');
  });

  it('explains usage errors and unreadable files with exit status 2', async () => {
    assert.equal((await run()).exitCode, 2);
    assert.equal((await run('frobnicate', 'x.c')).exitCode, 2);
    assert.match((await run('maps', '--bogus', 'x.c')).stderr, /unknown option --bogus/);
    const missing = await run('maps', '/no/such/file.c');
    assert.equal(missing.exitCode, 2);
    assert.match(missing.stderr, /cannot read \/no\/such\/file\.c: ENOENT/);
    assert.equal((await run('--help')).exitCode, 0);
  });
});

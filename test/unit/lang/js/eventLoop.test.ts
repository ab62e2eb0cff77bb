import * as assert from 'node:assert/strict';
import { runJs } from './runJs';

// Orders recorded with node v20.20.2.
describe('JavaScript interpreter: the event loop on simulated time', () => {
  it('sync code, then nextTick, then promise jobs, then timers by due time; microtasks after each timer', () => {
    const r = runJs(`
setTimeout(() => console.log('timeout 10'), 10);
setTimeout(() => { console.log('timeout 0'); Promise.resolve().then(() => console.log('micro in timer')); }, 0);
setTimeout(() => console.log('timeout 0 b'), 0);
Promise.resolve().then(() => console.log('promise 1')).then(() => console.log('promise 2'));
queueMicrotask(() => console.log('queueMicrotask'));
process.nextTick(() => console.log('nextTick'));
console.log('sync');
`);
    assert.equal(r.stdout, 'sync\nnextTick\npromise 1\nqueueMicrotask\npromise 2\ntimeout 0\nmicro in timer\ntimeout 0 b\ntimeout 10\n');
  });

  it('async/await ordering, including an awaited thenable and a rejected await caught', () => {
    const r = runJs(`
async function a() { console.log('a1'); await b(); console.log('a2'); }
async function b() { console.log('b'); }
a().then(() => console.log('a done'));
Promise.resolve().then(() => console.log('p1')).then(() => console.log('p2')).then(() => console.log('p3'));
(async () => { try { await Promise.reject(new Error('nope')); } catch (e) { console.log('caught', e.message); } })();
const wait = (ms, v) => new Promise((res) => setTimeout(() => res(v), ms));
(async () => { const [x, y] = await Promise.all([wait(20, 'x'), wait(10, 'y')]); console.log(x, y, await Promise.race([wait(5, 'fast'), wait(50, 'slow')])); })();
console.log('end of script');
`);
    assert.equal(r.stdout, 'a1\nb\nend of script\na2\np1\ncaught nope\na done\np2\np3\nx y fast\n');
  });

  it('setInterval until cleared; an unhandled rejection ends the process as node does', () => {
    const r = runJs(`
let n = 0;
const id = setInterval(() => { n++; console.log('tick', n); if (n === 3) clearInterval(id); }, 100);
`);
    assert.equal(r.stdout, 'tick 1\ntick 2\ntick 3\n');
    const u = runJs("Promise.reject(new Error('lost'));\nsetTimeout(() => console.log('not reached'), 0);\n");
    assert.equal(u.code, 1);
    assert.equal(u.stdout, '');
    assert.equal(u.stderr, 'node:internal/process/promises:391\n    triggerUncaughtException(err, true /* fromPromise */);\n    ^\n\n[Error: lost]\n\nNode.js v20.20.2\n');
  });
});

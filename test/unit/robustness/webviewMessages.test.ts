import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { parseFromCompareView } from '../../../src/shared/compareMessages';
import { parseFromWebview } from '../../../src/shared/messages';
import { parseFromPlayground } from '../../../src/shared/slotPlayground';
import { CONTRACT_VERSION } from '../../../src/shared/version';
import { parseViewRequest } from '../../../src/shared/viewRequests';
import { Random } from '../../fuzz/random';

/**
 * Every message a webview sends is validated against its src/shared type where it enters the
 * extension host, and anything else is dropped. A webview is our own code, but it draws program
 * data; if that ever got to run script, the messages it could forge must still be harmless.
 */
type Parser = (value: unknown) => unknown;

const V = CONTRACT_VERSION;
const RECEIVERS: ReadonlyArray<{ readonly name: string; readonly parse: Parser; readonly valid: readonly Record<string, unknown>[] }> = [
  {
    name: 'the address-space panel (parseFromWebview)',
    parse: parseFromWebview,
    valid: [
      { type: 'ready', version: V },
      { type: 'reveal', version: V, line: 3, column: 1 },
      { type: 'view-request', version: V, id: 7, request: { kind: 'heap-window', first: 0, count: 64 } },
      { type: 'layout', version: V, layout: { mode: 'tabs', views: ['heap', 'pages'], motion: true, arrows: false } },
      { type: 'answer', version: V, question: 0, answer: 2 },
      { type: 'answer', version: V, question: 1, answer: 'the top chunk' },
      { type: 'open-example', version: V, path: 'heap/tcache.c', step: true },
    ],
  },
  {
    name: 'the compare view (parseFromCompareView)',
    parse: parseFromCompareView,
    valid: [{ type: 'ready', version: V }, { type: 'command', version: V, command: 'step-in' }, { type: 'command', version: V, command: 'restart' }],
  },
  {
    name: 'the fragmentation playground (parseFromPlayground)',
    parse: parseFromPlayground,
    valid: [{ type: 'ready', version: V }, { type: 'allocate', version: V, slots: 3 }, { type: 'free', version: V, block: 'A' }, { type: 'reset', version: V, allocator: 'first-fit' }],
  },
];

/** Values no field of any message accepts in place of what it expects. */
const HOSTILE: readonly unknown[] = [
  undefined, null, NaN, Infinity, -1, 0.5, 2 ** 60, '', 'x'.repeat(100_000), '../../etc/passwd', '/etc/passwd',
  '<img src=x onerror=alert(1)>', true, [], [1, 2], {}, { __proto__: { polluted: true } }, () => 1, Symbol('s'), 10n,
];

describe('webview messages: validated against src/shared, anything else rejected', () => {
  for (const { name, parse, valid } of RECEIVERS) {
    it(`${name}: its valid messages are accepted as they are`, () => {
      for (const m of valid) assert.deepEqual(parse(m), m, JSON.stringify(m));
    });

    it(`${name}: not an object, another version, an unknown type are rejected`, () => {
      for (const m of [undefined, null, 42, 'ready', [], [valid[0]], { ...valid[0], version: V + 1 }, { ...valid[0], version: String(V) }, { type: 'eval', version: V, code: 'alert(1)' }, { type: '__proto__', version: V }, { type: 'toString', version: V }]) {
        assert.equal(parse(m), undefined, String(JSON.stringify(m)));
      }
    });

    it(`${name}: each field dropped or replaced by a hostile value is rejected, or read back as the valid message it still is`, () => {
      for (const m of valid) {
        for (const key of Object.keys(m).filter((k) => k !== 'type' && k !== 'version')) {
          const { [key]: _dropped, ...without } = m;
          assert.equal(parse(without), undefined, `${JSON.stringify(m)} without ${key}`);
          for (const bad of HOSTILE) {
            const parsed = parse({ ...m, [key]: bad });
            // Some hostile values are still valid for a field (an empty answer text): then the
            // message must come back exactly as given, never with something the parser made up.
            if (parsed !== undefined) assert.deepEqual(parsed, { ...m, [key]: bad }, `${key} = ${String(bad).slice(0, 40)}`);
          }
        }
      }
    });

    it(`${name}: extra fields are not passed on`, () => {
      for (const m of valid) {
        const parsed = parse({ ...m, script: '<script>alert(1)</script>', constructor: { prototype: { polluted: true } } }) as Record<string, unknown> | undefined;
        assert.deepEqual(parsed, m);
      }
    });
  }

  it('view requests (from the webview, then over DAP): 2000 random documents are rejected or come back as a well-formed request with clamped counts', () => {
    const random = new Random(14);
    const kinds = ['heap-window', 'heap-bands', 'bin', 'pages', 'page-walk', 'region', 'frames', 'leak-check', 'counter-series', 'go-to-step', 'eval', ''];
    const fields = ['first', 'count', 'around', 'start', 'end', 'bands', 'binKind', 'index', 'address', 'step'];
    const values: unknown[] = [...HOSTILE, 0, 1, 255, 256, 1e9, '0x5555', '0xzz', '0x' + 'f'.repeat(17), 'tcache', 'small', 'evil'];
    let accepted = 0;
    for (let i = 0; i < 2000; i++) {
      const doc: Record<string, unknown> = { kind: random.pick(kinds) };
      for (const f of fields) if (random.int(2)) doc[f] = random.pick(values);
      const request = parseViewRequest(doc) as Record<string, unknown> | undefined;
      if (!request) continue;
      accepted++;
      assert.equal(request.kind, doc.kind);
      for (const [k, v] of Object.entries(request)) {
        assert.ok(k === 'kind' || fields.includes(k), k);
        if (typeof v === 'number') assert.ok(Number.isSafeInteger(v) && v >= 0, `${k} = ${v}`);
        else if (k !== 'kind' && k !== 'binKind') assert.match(String(v), /^0x[0-9a-f]{1,16}$/i, `${k} = ${String(v)}`);
      }
      assert.deepEqual(parseViewRequest(request), request, 'a parsed request parses to itself');
    }
    assert.ok(accepted > 50, `${accepted} accepted: the random documents reach every kind`);
  });

  it('every panel hands what its webview sends to a src/shared parser before reading it', () => {
    const dir = path.join(__dirname, '..', '..', '..', '..', 'src', 'extension');
    const handlers: string[] = [];
    const walk = (d: string): void => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.ts')) {
          const text = fs.readFileSync(p, 'utf8');
          for (const m of text.matchAll(/onDidReceiveMessage\(\((\w+)\) => \{\s*const message = (\w+)\(\1\);/g)) handlers.push(`${e.name}: ${m[2]}`);
          const all = text.match(/onDidReceiveMessage\(/g)?.length ?? 0;
          const parsed = [...text.matchAll(/onDidReceiveMessage\(\((\w+)\) => \{\s*const message = parse\w+\(\1\);/g)].length;
          assert.equal(parsed, all, `${e.name}: a webview message handler that does not start by parsing the message`);
        }
      }
    };
    walk(dir);
    assert.deepEqual(handlers.sort(), ['addressSpacePanel.ts: parseFromWebview', 'comparePanel.ts: parseFromCompareView', 'playgroundPanel.ts: parseFromPlayground']);
  });
});

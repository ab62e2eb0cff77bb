import * as assert from 'node:assert/strict';
import { FakeLanguage } from './fakeLanguage';

/** Allocates unreachable objects until a scavenge has run `count` more times. */
function churnUntilScavenges(lang: FakeLanguage, count: number): void {
  const target = lang.heap.events().filter((e) => e.kind === 'scavenge').length + count;
  while (lang.heap.events().filter((e) => e.kind === 'scavenge').length < target) lang.alloc('Garbage', 1024);
}

/** A rooted object promoted to old space by two scavenges. */
function oldHolder(lang: FakeLanguage): number {
  const holder = lang.alloc('Holder');
  lang.setRoot('holder', holder);
  churnUntilScavenges(lang, 2);
  return holder;
}

describe('managed heap: scavenge (Cheney copy between semispaces)', () => {
  it('copies survivors to the other semispace, then promotes them to old space on their second survival', () => {
    const lang = new FakeLanguage('generational');
    const a = lang.alloc('Node');
    const b = lang.alloc('Node');
    lang.setRoot('head', a);
    lang.set(a, 'next', b);
    const born = { a: lang.heap.addressOf(a), b: lang.heap.addressOf(b) };
    assert.equal(lang.heap.info(a).space, 'new');

    churnUntilScavenges(lang, 1);
    const first = lang.heap.events()[0];
    assert.equal(first.kind, 'scavenge');
    assert.equal(first.reason, 'allocation failure: new space full');
    assert.equal(first.promotedBytes, 0);
    assert.ok(first.freedBytes > 60 * 1024, `freed ${first.freedBytes}`);
    const afterFirst = { a: lang.heap.info(a), b: lang.heap.info(b) };
    assert.equal(afterFirst.a.space, 'new');
    assert.equal(afterFirst.a.age, 1);
    assert.notEqual(afterFirst.a.address, born.a, 'the survivor moved to the other semispace');
    assert.notEqual(afterFirst.b.address, born.b);
    // Cheney order: a root's target is copied first, then what the scan finds in it.
    assert.equal(afterFirst.b.address, afterFirst.a.address + 56);
    // The old copy's map word is now the forwarding address.
    assert.equal(lang.process.mmu.read64(born.a), afterFirst.a.address);

    churnUntilScavenges(lang, 1);
    const second = lang.heap.events().filter((e) => e.kind === 'scavenge')[1];
    assert.equal(second.promotedBytes, 112);
    assert.equal(lang.heap.info(a).space, 'old');
    assert.equal(lang.heap.info(b).space, 'old');
    assert.notEqual(lang.heap.addressOf(a), afterFirst.a.address);
    assert.deepEqual(lang.heap.verify(), []);
  });

  it('keeps a young object alive through the remembered set when only an old object points to it', () => {
    const lang = new FakeLanguage('generational');
    const holder = oldHolder(lang);
    assert.equal(lang.heap.info(holder).space, 'old');

    const young = lang.alloc('Young');
    lang.set(holder, 'young', young); // the write barrier records holder in the remembered set
    churnUntilScavenges(lang, 1);
    assert.ok(lang.heap.isAlive(young));
    assert.equal(lang.heap.info(young).age, 1);
    assert.deepEqual(lang.heap.verify(), []);
  });

  it('without the barrier, verify names the old-to-new pointer the remembered set missed, and the scavenge frees the young object', () => {
    const lang = new FakeLanguage('generational');
    const holder = oldHolder(lang);
    const young = lang.alloc('Young');
    lang.fields.get(holder)!.set('young', young); // a store the language forgot to report
    assert.match(lang.heap.verify().join('\n'), /Holder \(old\) \.young points into new space but is not in the remembered set/);
    churnUntilScavenges(lang, 1);
    assert.equal(lang.heap.isAlive(young), false);
    assert.ok(lang.freed.includes(young));
  });

  it('can be stepped unit by unit, colours showing what is copied (grey) and scanned (black)', () => {
    const lang = new FakeLanguage('generational', { gcWorkAtSafepoints: false });
    const a = lang.alloc('A');
    const b = lang.alloc('B');
    const garbage = lang.alloc('Garbage');
    lang.setRoot('a', a);
    lang.set(a, 'b', b);
    const from = lang.heap.addressOf(a);
    let p = lang.heap.beginGc('scavenge', 'test', lang.step);
    assert.equal(p.phase, 'roots');
    assert.equal(p.colourOf(a), 'white');
    p = lang.heap.stepGc()!; // evacuates the root's target
    assert.equal(p.colourOf(a), 'grey');
    assert.notEqual(lang.heap.addressOf(a), from);
    assert.equal(p.colourOf(b), 'white');
    p = lang.heap.stepGc()!; // the roots are done: the scan of to-space begins with a, and copies b
    assert.equal(p.phase, 'copy');
    assert.equal(p.colourOf(a), 'black');
    assert.equal(p.colourOf(b), 'grey');
    while (lang.heap.stepGc()) { /* to the end */ }
    assert.equal(lang.heap.progress, undefined);
    assert.equal(lang.heap.isAlive(garbage), false);
    const event = lang.heap.events().at(-1)!;
    assert.equal(event.kind, 'scavenge');
    assert.equal(event.pauseSteps, 4); // a evacuated, a scanned, b scanned, the end
    assert.equal(event.freedBytes, 56);
  });

  it('starts a scavenge at the safepoint once new space is 80% full (V8\'s scavenge task)', () => {
    const lang = new FakeLanguage('generational');
    while (lang.heap.dueGc() !== 'scavenge') lang.alloc('Garbage', 1024);
    assert.equal(lang.heap.events().length, 0);
    lang.statement();
    assert.equal(lang.heap.events()[0].reason, 'scavenge task: new space 80% full');
  });
});

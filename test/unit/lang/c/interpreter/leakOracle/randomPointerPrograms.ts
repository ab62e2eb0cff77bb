/**
 * Random C programs that build, rewire, traverse, drop and free a small pointer graph (cycles,
 * shared nodes, pointers kept only in a callee's frame, globals, dangling pointers whose memory
 * malloc hands out again), for comparing two leak trackers statement by statement. The generator
 * runs an abstract copy of the heap beside the text it writes, so the program never dereferences
 * NULL or a freed block (the memory checks would stop it) and never frees twice.
 */

/** A deterministic generator (mulberry32), so a failing seed can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LOCALS = 4;
const GLOBALS = 3;

const PRELUDE = `#include <stdlib.h>
struct node { struct node *a; struct node *b; long v; };
struct node *g[${GLOBALS}];
struct node *mk(struct node *a, struct node *b) {
  struct node *n = malloc(sizeof *n);
  n->a = a;
  n->b = b;
  n->v = 1;
  return n;
}
struct node *pass(struct node *x) {
  struct node *y = x;
  return y;
}
struct node *chain(struct node *x) {
  struct node *t = mk(x, 0);
  struct node *u = mk(t, t);
  t->b = u;
  u = 0;
  return t;
}
`;

/** A value of the abstract heap: null, or an object number. */
type Ref = number | null;

export function randomPointerProgram(seed: number, statements = 60): string {
  const next = random(seed);
  const pick = (n: number) => Math.floor(next() * n);
  // The abstract heap: each object's fields and whether it was freed.
  const objects: { a: Ref; b: Ref; freed: boolean }[] = [];
  const locals: Ref[] = Array(LOCALS).fill(null);
  const globals: Ref[] = Array(GLOBALS).fill(null);
  const usable = (r: Ref) => r !== null && !objects[r].freed;
  const alloc = (a: Ref, b: Ref) => objects.push({ a, b, freed: false }) - 1;
  const lines: string[] = [];
  for (let n = 0; n < statements; n++) {
    const i = pick(LOCALS);
    const j = pick(LOCALS);
    const k = pick(GLOBALS);
    switch (pick(11)) {
      case 0:
      case 1:
        lines.push(`l${i} = mk(l${j}, g[${k}]);`);
        locals[i] = alloc(locals[j], globals[k]);
        break;
      case 2:
        lines.push(`g[${k}] = l${i};`);
        globals[k] = locals[i];
        break;
      case 3:
        lines.push(`l${i} = g[${k}];`);
        locals[i] = globals[k];
        break;
      case 4:
        if (!usable(locals[i])) break;
        lines.push(`l${i}->a = l${j};`);
        objects[locals[i]!].a = locals[j];
        break;
      case 5:
        if (!usable(locals[i])) break;
        lines.push(`l${i} = l${i}->${next() < 0.5 ? 'a' : 'b'};`);
        locals[i] = lines[lines.length - 1].endsWith('a;') ? objects[locals[i]!].a : objects[locals[i]!].b;
        break;
      case 6:
        lines.push(`l${i} = 0;`);
        locals[i] = null;
        break;
      case 7:
        lines.push(`l${i} = pass(l${j});`);
        locals[i] = locals[j];
        break;
      case 8: {
        lines.push(`l${i} = chain(l${j});`);
        const t = alloc(locals[j], null);
        const u = alloc(t, t);
        objects[t].b = u;
        locals[i] = t;
        break;
      }
      case 9: {
        // Free a block nothing but dangling copies will point to afterwards is not needed: the
        // program may keep dangling pointers, it only never uses them.
        if (!usable(locals[i])) break;
        lines.push(`free(l${i});`);
        objects[locals[i]!].freed = true;
        break;
      }
      case 10: {
        if (!usable(locals[i])) break;
        lines.push(`{ struct node *t = mk(l${i}, l${j}); l${i}->b = t; }`);
        const t = alloc(locals[i], locals[j]);
        objects[locals[i]!].b = t;
        break;
      }
    }
  }
  const declarations = Array.from({ length: LOCALS }, (_, i) => `  struct node *l${i} = 0;`).join('\n');
  return `${PRELUDE}int main(void) {\n${declarations}\n${lines.map((l) => `  ${l}`).join('\n')}\n  return 0;\n}\n`;
}

/**
 * glibc's rand(), srand(), random(), srandom() and rand_r() (stdlib/random.c, random_r.c, rand_r.c).
 *
 * rand() is random(), which by default is the TYPE_3 additive feedback generator: 31 words of
 * state, r[i] = r[i-3] + r[i-31] (mod 2^32), output r[i] >> 1. srandom(seed) fills the state with
 * the Park–Miller "minimal standard" LCG, state[i] = 16807 * state[i-1] mod (2^31 - 1) computed
 * with Schrage's method in 32-bit words, starting from the seed (0 is replaced by 1), then throws
 * away 310 outputs (10 × the degree) so the first numbers are well mixed. A program that never
 * calls srand gets the state srand(1) makes.
 *
 * The state lives in libc's data segment in a real process; here one GlibcRandom per simulated
 * process holds it (two sessions never share it).
 */
export class GlibcRandom {
  private static readonly DEGREE = 31;
  private static readonly SEPARATION = 3;
  private readonly state = new Int32Array(GlibcRandom.DEGREE);
  private front = GlibcRandom.SEPARATION;
  private rear = 0;

  constructor() {
    this.srand(1);
  }

  /** srand(seed) / srandom(seed); seed is an unsigned int. */
  srand(seed: number): void {
    let word = seed >>> 0 === 0 ? 1 : seed | 0; // state[0] and the LCG's first word are int32_t
    this.state[0] = word;
    for (let i = 1; i < GlibcRandom.DEGREE; i++) {
      // Schrage: 16807 * word mod 2147483647 without overflowing 31 bits (C division truncates).
      const hi = Math.trunc(word / 127773);
      const lo = word % 127773;
      word = (16807 * lo - 2836 * hi) | 0;
      if (word < 0) word = (word + 2147483647) | 0;
      this.state[i] = word;
    }
    this.front = GlibcRandom.SEPARATION;
    this.rear = 0;
    for (let k = 0; k < GlibcRandom.DEGREE * 10; k++) this.rand();
  }

  /** rand() / random(): a number in 0..RAND_MAX (2^31 - 1). */
  rand(): number {
    const s = this.state;
    const val = (s[this.front] + s[this.rear]) | 0;
    s[this.front] = val;
    const result = val >>> 1;
    this.front++;
    this.rear++;
    if (this.front >= GlibcRandom.DEGREE) this.front = 0;
    else if (this.rear >= GlibcRandom.DEGREE) this.rear = 0;
    return result;
  }
}

export const RAND_MAX = 0x7fffffff;

/**
 * rand_r(&seed): glibc's reentrant generator, three steps of the ANSI C LCG
 * next = next * 1103515245 + 12345 (mod 2^32) taking 11, 10 and 10 bits. Returns the number and
 * the new seed the caller stores back through the pointer.
 */
export function randR(seed: number): { value: number; seed: number } {
  let next = seed >>> 0;
  const step = () => {
    next = (Math.imul(next, 1103515245) + 12345) >>> 0;
    return next;
  };
  let result = Math.floor(step() / 65536) % 2048;
  result = (result << 10) ^ Math.floor(step() / 65536) % 1024;
  result = (result << 10) ^ Math.floor(step() / 65536) % 1024;
  return { value: result, seed: next };
}

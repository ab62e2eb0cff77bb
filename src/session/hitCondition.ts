/**
 * A breakpoint's hit condition as VS Code's debuggers read it: `N` or `==N` stops on the Nth
 * hit, `>N`, `>=N`, `<N`, `<=N` compare the count, `%N` stops on every Nth. Undefined when the
 * text is none of these (the breakpoint says so instead of guessing).
 */
export function parseHitCondition(text: string): ((hits: number) => boolean) | undefined {
  const m = /^\s*(>=|<=|>|<|={1,3}|%)?\s*([0-9]+)\s*$/.exec(text);
  if (!m) return undefined;
  const n = Number(m[2]);
  switch (m[1]) {
    case '>': return (hits) => hits > n;
    case '>=': return (hits) => hits >= n;
    case '<': return (hits) => hits < n;
    case '<=': return (hits) => hits <= n;
    case '%': return (hits) => n > 0 && hits % n === 0;
    default: return (hits) => hits === n;
  }
}

/**
 * Small programs exercising the scanf family in the interpreter: conversions, widths, `*`,
 * return values (counts, 0 on a matching failure, EOF), what is left unread, stores of every
 * width. Each prints what scanf returned and stored; the expected output is what gcc 12 + glibc
 * 2.36 printed (test/fixtures/libc/scanf-programs.json, recorded by
 * `node out/test/tools/recordScanfPrograms.js`).
 */
export interface ScanfProgram {
  readonly name: string;
  readonly stdin: string;
  /** The body of main. */
  readonly body: string;
}

export function scanfProgramSource(p: ScanfProgram): string {
  return `#include <stdio.h>\n#include <errno.h>\n#include <string.h>\n\nint main(void) {\n${p.body}\n}\n`;
}

const r = String.raw;

export const SCANF_PROGRAMS: readonly ScanfProgram[] = [
  {
    name: '%d %ld %u %x: integers of each width, signs and hex',
    stdin: '  -42\n9000000000 4294967295 fF\n',
    body: r`  int a = 0; long b = 0; unsigned c = 0, x = 0;
  int n = scanf("%d %ld %u %x", &a, &b, &c, &x);
  printf("%d: %d %ld %u %x\n", n, a, b, c, x);
  return 0;`,
  },
  {
    name: '%f %lf %e %g: float and double',
    stdin: '3.25 -1e-3 2.5E2 .5\n',
    body: r`  float f = 0, e = 0; double d = 0, g = 0;
  int n = scanf("%f %lf %e %lg", &f, &d, &e, &g);
  printf("%d: %.9g %.17g %.9g %.17g\n", n, f, d, e, g);
  return 0;`,
  },
  {
    name: '%s stops at white space; %c reads the next byte, even a blank',
    stdin: '  hello  world\n',
    body: r`  char s[16], t[16]; char c = '?', c2 = '?';
  int n = scanf("%s%c%c", s, &c, &c2);
  int m = scanf("%s", t);
  printf("%d [%s] [%c] [%c] %d [%s]\n", n, s, c, c2, m, t);
  return 0;`,
  },
  {
    name: '%3c stores exactly three bytes and no NUL',
    stdin: 'abcdef',
    body: r`  char buf[8] = "XXXXXXX";
  int n = scanf("%3c", buf);
  printf("%d [%s] next=%c\n", n, buf, getchar());
  return 0;`,
  },
  {
    name: '%[^=] and %[a-z] scan sets; the set ends the match',
    stdin: 'key name=value9;rest\n',
    body: r`  char k[16] = "", v[16] = "";
  int n = scanf("%[^=]=%[a-z]", k, v);
  printf("%d [%s] [%s] next=%c\n", n, k, v, getchar());
  return 0;`,
  },
  {
    name: '%n counts the bytes consumed and is not counted in the result',
    stdin: '12   345 x',
    body: r`  int a = 0, b = 0, n1 = -1, n2 = -1;
  int n = scanf("%d%n %d%n", &a, &n1, &b, &n2);
  printf("%d: %d %d %d %d\n", n, a, n1, b, n2);
  return 0;`,
  },
  {
    name: 'widths split one number into several',
    stdin: '1234567 abcdefgh\n',
    body: r`  int a = 0, b = 0; char s[8] = "";
  int n = scanf("%3d%2d %4s", &a, &b, s);
  printf("%d: %d %d [%s] next=%c\n", n, a, b, s, getchar());
  return 0;`,
  },
  {
    name: '* suppresses the assignment and the count',
    stdin: '1 two 3 4\n',
    body: r`  int a = 0, b = 0;
  int n = scanf("%*d %*s %d %d", &a, &b);
  printf("%d: %d %d\n", n, a, b);
  return 0;`,
  },
  {
    name: 'EOF on empty input, and the target is not touched',
    stdin: '',
    body: r`  int a = 7;
  int n = scanf("%d", &a);
  printf("%d %d\n", n, a);
  return 0;`,
  },
  {
    name: 'EOF when only white space is left',
    stdin: '  \n\t\n',
    body: r`  int a = 7; char s[4] = "ab";
  int n = scanf("%d", &a);
  int m = scanf("%3s", s);
  printf("%d %d %d [%s]\n", n, a, m, s);
  return 0;`,
  },
  {
    name: 'partial match: the count so far, the bad byte left in the input',
    stdin: '12 abc\n',
    body: r`  int a = 0, b = 99;
  int n = scanf("%d %d", &a, &b);
  printf("%d: %d %d next=%c\n", n, a, b, getchar());
  return 0;`,
  },
  {
    name: 'matching failure before any conversion returns 0, not EOF',
    stdin: 'abc',
    body: r`  int a = 5;
  int n = scanf("%d", &a);
  int m = scanf("x%d", &a);
  printf("%d %d %d\n", n, m, a);
  return 0;`,
  },
  {
    name: 'a literal in the format that does not match stops the scan',
    stdin: '12-34\n',
    body: r`  int a = 0, b = 0;
  int n = scanf("%d,%d", &a, &b);
  printf("%d: %d %d next=%c\n", n, a, b, getchar());
  return 0;`,
  },
  {
    name: '%% matches a percent sign; %i reads 0x and 0 prefixes',
    stdin: '50% 0x1A 077 -0 9\n',
    body: r`  int p = 0, h = 0, o = 0, z = 1, d = 0;
  int n = scanf("%d%% %i %i %i %i", &p, &h, &o, &z, &d);
  printf("%d: %d %d %d %d %d\n", n, p, h, o, z, d);
  return 0;`,
  },
  {
    name: '%hhd %hd %lld store 1, 2 and 8 bytes; out-of-range values wrap as C converts them',
    stdin: '300 70000 -9223372036854775808 99999999999\n',
    body: r`  struct { char c; char guard1; short s; long long ll; int i; int guard2; } v = { 0, 'G', 0, 0, 0, 0x47 };
  int n = scanf("%hhd %hd %lld %d", &v.c, &v.s, &v.ll, &v.i);
  printf("%d: %d %c %d %lld %d %x\n", n, v.c, v.guard1, v.s, v.ll, v.i, v.guard2);
  return 0;`,
  },
  {
    name: 'a scanf loop sums numbers until EOF, across stdin buffer refills',
    stdin: Array.from({ length: 1200 }, (_v, i) => String(i * 37)).join(' ') + '\n',
    body: r`  long sum = 0; int x, count = 0, n;
  while ((n = scanf("%d", &x)) == 1) { sum += x; count++; }
  printf("%d numbers, sum %ld, last scanf %d\n", count, sum, n);
  return 0;`,
  },
  {
    name: 'line-oriented reading: %d then " %[^\n]"',
    stdin: '2\nAda Lovelace\nAlan Turing\n',
    body: r`  int n = 0; char line[32];
  scanf("%d", &n);
  for (int i = 0; i < n; i++) {
    int r = scanf(" %31[^\n]", line);
    printf("%d [%s] (%zu)\n", r, line, strlen(line));
  }
  printf("then %d\n", scanf(" %31[^\n]", line));
  return 0;`,
  },
  {
    name: 'sscanf reads a string in memory; EOF for an empty string',
    stdin: '',
    body: r`  const char *text = "id=17 name=widget price=2.50";
  int id = 0; char name[16] = ""; double price = 0; int used = 0;
  int n = sscanf(text, "id=%d name=%15s price=%lf%n", &id, name, &price, &used);
  printf("%d: %d [%s] %.2f used %d of %zu\n", n, id, name, price, used, strlen(text));
  printf("empty %d, blank %d, no match %d\n", sscanf("", "%d", &id), sscanf("   ", "%d", &id), sscanf("x", "%d", &id));
  return 0;`,
  },
  {
    name: 'fscanf(stdin) shares stdin with scanf; fscanf(stdout) fails with EBADF',
    stdin: '7 8 9\n',
    body: r`  int a = 0, b = 0, c = 0;
  int n = fscanf(stdin, "%d", &a);
  int m = scanf("%d", &b);
  errno = 0;
  int k = fscanf(stdout, "%d", &c);
  int e = errno;
  int l = fscanf(stdin, "%d", &c);
  printf("%d %d %d %d errno=%d %d %d %d %d\n", n, m, k, l, e, a, b, c, getchar());
  return 0;`,
  },
  {
    name: 'a NULL target faults as it does natively',
    stdin: '5\n',
    body: r`  printf("before\n");
  fflush(stdout);
  int *p = NULL;
  scanf("%d", p);
  printf("not reached\n");
  return 0;`,
  },
];

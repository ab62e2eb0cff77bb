/*
 * trace-runner: runs a malloc call trace against the C library's real allocator and prints one
 * line per call, so that Memory Atlas's simulated glibc malloc can be compared with glibc itself.
 *
 * No stdio anywhere: stdio's buffers are malloc'd and would disturb the heap under test. The trace
 * is read from stdin with read(2) into a static buffer and every result line is formatted by hand
 * and written with write(2) as soon as the call returns, so that the lines before an abort survive.
 *
 * Trace syntax (one call per line, '#' starts a comment; numbers are decimal or 0x-hex, may be < 0):
 *   m S N        slot[S] = malloc(N)
 *   c S N K      slot[S] = calloc(N, K)
 *   r S N        slot[S] = realloc(slot[S], N)
 *   f S [OFF]    free(slot[S] + OFF)
 *   p S A N      posix_memalign(&slot[S], A, N)
 *   a S A N      slot[S] = memalign(A, N)
 *   A S A N      slot[S] = aligned_alloc(A, N)
 *   t PAD        malloc_trim(PAD)
 *   u S          malloc_usable_size(slot[S])
 *   w S OFF V    *(uint64_t *)(slot[S] + OFF) = V      (to corrupt headers on purpose)
 *   b S OFF L B  memset(slot[S] + OFF, B, L)
 *   s S L        sum of the first L bytes of slot[S]
 *
 * Output, one line per call:  INDEX KIND OFFSET USABLE BRK RET
 *   KIND   heap | mmap | null | none   (what the call returned)
 *   OFFSET heap: pointer - heap start (sbrk(0) before the first call);
 *          mmap: pointer - the first mmapped pointer the trace returned; else 0
 *   USABLE malloc_usable_size of the result (0 if none)
 *   BRK    sbrk(0) - heap start after the call
 *   RET    posix_memalign's / malloc_trim's return value, u's size, s's sum; else 0
 * and a last line "end" once the trace completed. If glibc aborts, the message is on stderr.
 */
#include <malloc.h>
#include <sys/personality.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_INPUT (1 << 20)
#define MAX_SLOTS 4096

static char input[MAX_INPUT];
static void *slots[MAX_SLOTS];
static char line_out[256];
static uintptr_t heap_start;
static uintptr_t first_mmap;

static const char *cursor;

static void skip_blanks(void) {
  while (*cursor == ' ' || *cursor == '\t') cursor++;
}

static int at_number(void) {
  skip_blanks();
  return (*cursor >= '0' && *cursor <= '9') || *cursor == '-';
}

static long long parse_number(void) {
  skip_blanks();
  int negative = 0;
  if (*cursor == '-') {
    negative = 1;
    cursor++;
  }
  unsigned long long value = 0;
  if (cursor[0] == '0' && (cursor[1] == 'x' || cursor[1] == 'X')) {
    cursor += 2;
    for (;;) {
      char ch = *cursor;
      int digit;
      if (ch >= '0' && ch <= '9') digit = ch - '0';
      else if (ch >= 'a' && ch <= 'f') digit = ch - 'a' + 10;
      else if (ch >= 'A' && ch <= 'F') digit = ch - 'A' + 10;
      else break;
      value = value * 16 + (unsigned long long)digit;
      cursor++;
    }
  } else {
    while (*cursor >= '0' && *cursor <= '9') value = value * 10 + (unsigned long long)(*cursor++ - '0');
  }
  return negative ? -(long long)value : (long long)value;
}

static char *put_text(char *at, const char *text) {
  while (*text) *at++ = *text++;
  return at;
}

static char *put_number(char *at, long long value) {
  char digits[24];
  int n = 0;
  unsigned long long magnitude = value < 0 ? 0ULL - (unsigned long long)value : (unsigned long long)value;
  if (value < 0) *at++ = '-';
  do {
    digits[n++] = (char)('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude != 0);
  while (n > 0) *at++ = digits[--n];
  return at;
}

static void write_all(const char *buf, size_t len) {
  while (len > 0) {
    ssize_t n = write(1, buf, len);
    if (n <= 0) _exit(3);
    buf += n;
    len -= (size_t)n;
  }
}

/* Prints one result line for a call that returned ptr (NULL for calls that return no pointer). */
static void report(long long index, void *ptr, int returns_pointer, long long ret) {
  uintptr_t brk_now = (uintptr_t)sbrk(0);
  uintptr_t p = (uintptr_t)ptr;
  const char *kind = "none";
  long long offset = 0;
  long long usable = 0;
  if (returns_pointer && p == 0) {
    kind = "null";
  } else if (p != 0) {
    usable = (long long)malloc_usable_size(ptr);
    if (p >= heap_start && p < brk_now) {
      kind = "heap";
      offset = (long long)(p - heap_start);
    } else {
      kind = "mmap";
      if (first_mmap == 0) first_mmap = p;
      offset = (long long)p - (long long)first_mmap;
    }
  }
  char *at = line_out;
  at = put_number(at, index);
  *at++ = ' ';
  at = put_text(at, kind);
  *at++ = ' ';
  at = put_number(at, offset);
  *at++ = ' ';
  at = put_number(at, usable);
  *at++ = ' ';
  at = put_number(at, (long long)(brk_now - heap_start));
  *at++ = ' ';
  at = put_number(at, ret);
  *at++ = '\n';
  write_all(line_out, (size_t)(at - line_out));
}

static void *slot_at(long long s) {
  if (s < 0 || s >= MAX_SLOTS) _exit(4);
  return slots[s];
}

/*
 * Runs itself again with ASLR off (as `setarch -R` does), like the simulated process: glibc's
 * safe-linking mixes heap addresses into tcache pointers, so a trace that corrupts one would
 * otherwise end differently from run to run.
 */
static void disable_aslr(char **argv) {
  int current = personality(0xffffffff);
  if (current == -1 || (current & ADDR_NO_RANDOMIZE)) return;
  if (personality((unsigned long)current | ADDR_NO_RANDOMIZE) == -1) return;
  execv("/proc/self/exe", argv);
}

int main(int argc, char **argv) {
  (void)argc;
  disable_aslr(argv);
  size_t length = 0;
  for (;;) {
    ssize_t n = read(0, input + length, MAX_INPUT - 1 - length);
    if (n < 0) _exit(2);
    if (n == 0) break;
    length += (size_t)n;
  }
  input[length] = '\0';
  heap_start = (uintptr_t)sbrk(0);

  long long index = 0;
  cursor = input;
  while (*cursor) {
    skip_blanks();
    char op = *cursor;
    if (op == '\n' || op == '#' || op == '\r' || op == '\0') {
      while (*cursor && *cursor != '\n') cursor++;
      if (*cursor) cursor++;
      continue;
    }
    cursor++;
    switch (op) {
      case 'm': {
        long long s = parse_number();
        long long n = parse_number();
        slot_at(s);
        slots[s] = malloc((size_t)n);
        report(index, slots[s], 1, 0);
        break;
      }
      case 'c': {
        long long s = parse_number();
        long long n = parse_number();
        long long k = parse_number();
        slot_at(s);
        slots[s] = calloc((size_t)n, (size_t)k);
        report(index, slots[s], 1, 0);
        break;
      }
      case 'r': {
        long long s = parse_number();
        long long n = parse_number();
        void *q = realloc(slot_at(s), (size_t)n);
        if (q != NULL || n == 0) slots[s] = q;
        report(index, q, 1, 0);
        break;
      }
      case 'f': {
        long long s = parse_number();
        long long off = at_number() ? parse_number() : 0;
        free((char *)slot_at(s) + off);
        report(index, NULL, 0, 0);
        break;
      }
      case 'p': {
        long long s = parse_number();
        long long a = parse_number();
        long long n = parse_number();
        void *q = NULL;
        int ret = posix_memalign(&q, (size_t)a, (size_t)n);
        slot_at(s);
        slots[s] = q;
        report(index, q, 1, ret);
        break;
      }
      case 'a': {
        long long s = parse_number();
        long long a = parse_number();
        long long n = parse_number();
        slot_at(s);
        slots[s] = memalign((size_t)a, (size_t)n);
        report(index, slots[s], 1, 0);
        break;
      }
      case 'A': {
        long long s = parse_number();
        long long a = parse_number();
        long long n = parse_number();
        slot_at(s);
        slots[s] = aligned_alloc((size_t)a, (size_t)n);
        report(index, slots[s], 1, 0);
        break;
      }
      case 't': {
        long long pad = parse_number();
        int ret = malloc_trim((size_t)pad);
        report(index, NULL, 0, ret);
        break;
      }
      case 'u': {
        long long s = parse_number();
        report(index, NULL, 0, (long long)malloc_usable_size(slot_at(s)));
        break;
      }
      case 'w': {
        long long s = parse_number();
        long long off = parse_number();
        long long v = parse_number();
        uint64_t value = (uint64_t)v;
        memcpy((char *)slot_at(s) + off, &value, sizeof value);
        report(index, NULL, 0, 0);
        break;
      }
      case 'b': {
        long long s = parse_number();
        long long off = parse_number();
        long long len = parse_number();
        long long byte = parse_number();
        memset((char *)slot_at(s) + off, (int)byte, (size_t)len);
        report(index, NULL, 0, 0);
        break;
      }
      case 's': {
        long long s = parse_number();
        long long len = parse_number();
        const unsigned char *bytes = slot_at(s);
        long long sum = 0;
        for (long long i = 0; i < len; i++) sum += bytes[i];
        report(index, NULL, 0, sum);
        break;
      }
      default:
        write_all("bad op\n", 7);
        _exit(5);
    }
    while (*cursor && *cursor != '\n') cursor++;
    if (*cursor) cursor++;
    index++;
  }
  write_all("end\n", 4);
  return 0;
}

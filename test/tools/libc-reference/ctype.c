/* ctype: for every c from -128 to 255, the value of each classification macro (glibc returns the
   masked table entry, not 0/1) and of toupper/tolower:
     C <TAB> c <TAB> isalnum isalpha isblank iscntrl isdigit isgraph islower isprint ispunct isspace
       isupper isxdigit isascii toascii toupper tolower */
#include <ctype.h>
#include <stdio.h>

void run_ctype(void) {
  for (int c = -128; c <= 255; c++) {
    printf("C\t%d\t%d %d %d %d %d %d %d %d %d %d %d %d %d %d %d %d\n", c, isalnum(c), isalpha(c), isblank(c),
           iscntrl(c), isdigit(c), isgraph(c), islower(c), isprint(c), ispunct(c), isspace(c), isupper(c),
           isxdigit(c), isascii(c), toascii(c), toupper(c), tolower(c));
  }
}

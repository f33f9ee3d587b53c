# C and C++ with gcc/g++ and the GNU linker, alone and under make. (clang is not installed here.)

d=$(project gcc-missing-header)
put "$d" main.c <<'C'
#include <stdio.h>
#include <curl/curl.h>
int main(void) { CURL *c = curl_easy_init(); return c == NULL; }
C
cap gcc-missing-header missing_module cc/missing-header "$d" 'gcc -c main.c'
d=$(project gcc-werror)
put "$d" main.c <<'C'
#include <stdio.h>
int main(void) {
  int retries = 3;
  printf("starting\n");
  return 0;
}
C
cap gcc-werror lint_error cc/werror "$d" 'gcc -Wall -Werror -c main.c'
d=$(project gcc-undeclared)
put "$d" main.c <<'C'
#include <stdio.h>
int main(void) {
  printf("%d\n", total_count);
  return 0;
}
C
cap gcc-undeclared missing_symbol cc/undeclared "$d" 'gcc -c main.c'
d=$(project gpp-not-declared)
put "$d" main.cpp <<'CPP'
#include <iostream>
int main() {
  std::cout << format_price(12.5) << std::endl;
}
CPP
cap gpp-not-declared missing_symbol cc/undeclared "$d" 'g++ -c main.cpp'
d=$(project gcc-incompatible-types)
put "$d" main.c <<'C'
struct point { int x, y; };
int main(void) {
  struct point p = { 1, 2 };
  int n = p;
  return n;
}
C
cap gcc-incompatible-types type_error cc/type "$d" 'gcc -c main.c'
d=$(project gpp-no-matching-function)
put "$d" main.cpp <<'CPP'
#include <string>
int area(int w, int h) { return w * h; }
int main() { return area(std::string("3"), 4); }
CPP
cap gpp-no-matching-function type_error cc/type "$d" 'g++ -c main.cpp'
d=$(project gcc-syntax)
put "$d" main.c <<'C'
#include <stdio.h>
int main(void) {
  int total = 3
  printf("%d\n", total);
  return 0;
}
C
cap gcc-syntax syntax_error cc/syntax "$d" 'gcc -c main.c'
d=$(project gcc-redefinition)
put "$d" main.c <<'C'
int limit(void) { return 1; }
int limit(void) { return 2; }
int main(void) { return limit(); }
C
cap gcc-redefinition type_error cc/error "$d" 'gcc -c main.c'
d=$(project ld-undefined-reference)
put "$d" main.c <<'C'
int checksum(const char *data);
int main(void) { return checksum("abc"); }
C
cap ld-undefined-reference link_error ld/undefined-reference "$d" 'gcc -o app main.c'
d=$(project ld-missing-library)
put "$d" main.c <<'C'
int main(void) { return 0; }
C
cap ld-missing-library link_error ld/undefined-reference "$d" 'gcc -o app main.c -lsodium'
d=$(project make-gcc-error)
put "$d" Makefile <<'MAKE'
app: main.o util.o
	cc -o app main.o util.o
%.o: %.c
	cc -Wall -c $<
MAKE
put "$d" main.c <<'C'
int scale(int);
int main(void) { return scale(2); }
C
put "$d" util.c <<'C'
int scale(int n) { return n * factor; }
C
cap make-gcc-error missing_symbol cc/undeclared "$d" 'make'

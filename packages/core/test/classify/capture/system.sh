# Resource exhaustion, kills, time limits and crashes.

d=$(project disk-full-dd)
cap disk-full-dd disk_full system/disk-full "$d" 'dd if=/dev/zero of=/dev/full bs=1k count=4'
d=$(project disk-full-shell)
cap disk-full-shell disk_full system/disk-full "$d" 'echo build-output > /dev/full'

d=$(project node-heap-oom)
cap node-heap-oom out_of_memory node/heap-out-of-memory "$d" \
  'node --max-old-space-size=16 -e "const a = []; for (;;) a.push(new Array(1e5).fill(1))"'

d=$(project java-oom)
put "$d" Hog.java <<'JAVA'
import java.util.ArrayList;
public class Hog {
  public static void main(String[] args) {
    ArrayList<long[]> all = new ArrayList<>();
    for (;;) all.add(new long[1_000_000]);
  }
}
JAVA
cap java-oom out_of_memory java/out-of-memory "$d" 'javac Hog.java && java -Xmx16m Hog'

d=$(project python-memory-error)
cap python-memory-error out_of_memory python/memory-error "$d" \
  'ulimit -v 400000; python3 -c "data = bytearray(8 * 1024 ** 3)"'

d=$(project rust-alloc-failed)
(cd "$d" && cargo new -q --offline hog >/dev/null 2>&1)
put "$d" hog/src/main.rs <<'RUST'
fn main() {
    let n: usize = std::env::args().count() << 45;
    let v: Vec<u8> = Vec::with_capacity(n);
    println!("{}", v.capacity());
}
RUST
cap rust-alloc-failed out_of_memory native/allocation-failed "$d/hog" 'cargo run -q'

d=$(project cpp-bad-alloc)
put "$d" hog.cpp <<'CPP'
#include <cstddef>
#include <vector>
int main(int argc, char**) { std::vector<char> v(static_cast<size_t>(argc) << 50); return v[0]; }
CPP
cap cpp-bad-alloc out_of_memory native/allocation-failed "$d" 'g++ -o hog hog.cpp && ./hog'

d=$(gomod go-out-of-memory)
put "$d" main.go <<'GO'
package main

import "fmt"

func main() {
	var all [][]byte
	for i := 0; ; i++ {
		all = append(all, make([]byte, 64<<20))
		all[i][0] = 1
		fmt.Print("")
	}
}
GO
cap go-out-of-memory out_of_memory native/allocation-failed "$d" 'go build -o hog . && ulimit -v 1000000 && ./hog 2>&1 | head -20'

d=$(gomod go-test-timeout)
put "$d" slow_test.go <<'GO'
package slow

import (
	"testing"
	"time"
)

func TestWaitsForever(t *testing.T) {
	time.Sleep(10 * time.Second)
}
GO
cap go-test-timeout timeout go/test-timeout "$d" 'go test -timeout 1s . 2>&1 | head -30'

d=$(project python-subprocess-timeout)
cap python-subprocess-timeout timeout process/timed-out "$d" \
  "python3 -c \"import subprocess; subprocess.run(['sleep', '5'], timeout=0.5)\""

d=$(project killed-by-signal)
cap killed-by-signal killed process/killed "$d" 'sh -c "echo compiling...; kill -9 \$\$"; exit $?'
d=$(gomod go-test-killed)
put "$d" k_test.go <<'GO'
package k

import (
	"os"
	"syscall"
	"testing"
)

func TestKilled(t *testing.T) {
	syscall.Kill(os.Getpid(), syscall.SIGKILL)
}
GO
cap go-test-killed killed process/killed "$d" 'go test .'

d=$(project c-asan)
put "$d" overflow.c <<'C'
#include <stdlib.h>
int main(void) {
  int *a = malloc(4 * sizeof(int));
  a[4] = 1;
  int r = a[0];
  free(a);
  return r;
}
C
cap c-asan crash sanitizer/report "$d" 'gcc -g -fsanitize=address -o overflow overflow.c && ./overflow'
d=$(project c-ubsan)
put "$d" ub.c <<'C'
#include <limits.h>
#include <stdio.h>
int main(int argc, char **argv) {
  int x = INT_MAX;
  x += argc;
  printf("%d\n", x);
  return 0;
}
C
cap c-ubsan crash sanitizer/report "$d" 'gcc -g -fsanitize=undefined -o ub ub.c && ./ub'
d=$(project c-segfault)
put "$d" crash.c <<'C'
#include <stdio.h>
int main(void) {
  int *p = NULL;
  printf("starting\n");
  fflush(stdout);
  return *p;
}
C
cap c-segfault crash native/crash "$d" 'gcc -o crash crash.c && ./crash; exit $?'
d=$(project c-assert-abort)
put "$d" check.c <<'C'
#include <assert.h>
int main(int argc, char **argv) { assert(argc == 2); return 0; }
C
cap c-assert-abort crash native/crash "$d" 'gcc -o check check.c && ./check; exit $?'
d=$(project rust-test-segfault)
(cd "$d" && cargo new -q --offline --lib seg >/dev/null 2>&1)
put "$d" seg/src/lib.rs <<'RUST'
#[cfg(test)]
mod tests {
    #[test]
    fn reads_null() {
        let p = std::ptr::null::<i32>();
        let v = unsafe { std::ptr::read_volatile(p) };
        assert_eq!(v, 0);
    }
}
RUST
cap rust-test-segfault crash native/crash "$d/seg" 'cargo test -q'

# The Go toolchain: module resolution, compile errors, vet, tests, panics.

d=$(gomod go-syntax)
put "$d" main.go <<'GO'
package main

import "fmt"

func main() {
	for i := 0; i < 3; i++
	{
		fmt.Println(i)
	}
}
GO
cap go-syntax syntax_error go/syntax "$d" 'go build ./...'
d=$(gomod go-undefined)
put "$d" main.go <<'GO'
package main

import "fmt"

func main() {
	fmt.Println(totalPrice([]int{1, 2}))
}
GO
cap go-undefined missing_symbol go/undefined "$d" 'go build ./...'
d=$(gomod go-no-method)
put "$d" main.go <<'GO'
package main

import (
	"fmt"
	"strings"
)

func main() {
	var b strings.Builder
	b.WriteStrings("x")
	fmt.Println(b.String())
}
GO
cap go-no-method missing_symbol go/undefined "$d" 'go build ./...'
d=$(gomod go-unused)
put "$d" main.go <<'GO'
package main

import (
	"fmt"
	"os"
)

func main() {
	count := 3
	fmt.Println("hi")
}
GO
cap go-unused lint_error go/unused "$d" 'go build ./...'
d=$(gomod go-type)
put "$d" main.go <<'GO'
package main

import "fmt"

func port() int { return 8080 }

func main() {
	var addr string = port()
	fmt.Println(addr)
}
GO
cap go-type type_error go/type "$d" 'go build ./...'
d=$(gomod go-missing-return)
put "$d" main.go <<'GO'
package main

import "fmt"

func sign(n int) int {
	if n > 0 {
		return 1
	}
}

func main() { fmt.Println(sign(2)) }
GO
cap go-missing-return type_error go/build-error "$d" 'go build ./...'
d=$(gomod go-vet)
put "$d" main.go <<'GO'
package main

import "fmt"

func main() {
	name := "ann"
	fmt.Printf("user %d logged in\n", name)
}
GO
cap go-vet lint_error go/vet "$d" 'go vet ./...'
d=$(gomod go-missing-package)
put "$d" main.go <<'GO'
package main

import "github.com/google/uuid"

func main() { println(uuid.NewString()) }
GO
cap go-missing-package missing_dependency go/missing-package "$d" 'go build ./...'
d=$(gomod go-test-failed)
put "$d" calc.go <<'GO'
package calc

func Add(a, b int) int { return a - b }
GO
put "$d" calc_test.go <<'GO'
package calc

import "testing"

func TestAdd(t *testing.T) {
	if got := Add(2, 2); got != 4 {
		t.Errorf("Add(2, 2) = %d, want 4", got)
	}
}
GO
cap go-test-failed test_failure go/test-failed "$d" 'go test ./...'
d=$(gomod go-test-compile)
put "$d" calc.go <<'GO'
package calc

func Add(a, b int) int { return a + b }
GO
put "$d" calc_test.go <<'GO'
package calc

import "testing"

func TestSum(t *testing.T) {
	if Sum(2, 2) != 4 {
		t.Fatal("wrong")
	}
}
GO
cap go-test-compile missing_symbol go/undefined "$d" 'go test ./...'
d=$(gomod go-panic)
put "$d" main.go <<'GO'
package main

import "fmt"

func main() {
	ports := []int{80, 443}
	idx := len(ports) + 1
	fmt.Println(ports[idx])
}
GO
cap go-panic runtime_error go/panic "$d" 'go run .'
d=$(gomod go-nil-panic)
put "$d" main.go <<'GO'
package main

import "fmt"

type Config struct{ Port int }

func load() *Config { return nil }

func main() {
	fmt.Println(load().Port)
}
GO
cap go-nil-panic runtime_error go/panic "$d" 'go run .'

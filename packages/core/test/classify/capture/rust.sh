# rustc and cargo: compile errors by code, clippy, tests, panics, dependencies, linking.

# crate NAME [--lib]: a fresh cargo package; prints its path. Its src/ is filled by the caller.
crate() {
  local d
  d=$(project "$1")
  (cd "$d" && cargo new -q --offline --name "$(printf '%s' "$1" | tr '-' '_')" ${2:-} pkg >/dev/null 2>&1)
  printf '%s\n' "$d/pkg"
}

d=$(crate rust-borrow)
put "$d" src/main.rs <<'RUST'
fn main() {
    let names = vec![String::from("a"), String::from("b")];
    let moved = names;
    println!("{} {}", names.len(), moved.len());
}
RUST
cap rust-borrow borrow_check rustc/borrow-check "$d" 'cargo build'
d=$(crate rust-borrow-mut)
put "$d" src/main.rs <<'RUST'
fn main() {
    let mut queue = vec![1, 2, 3];
    let first = &queue[0];
    queue.push(4);
    println!("{first}");
}
RUST
cap rust-borrow-mut borrow_check rustc/borrow-check "$d" 'cargo build'
d=$(crate rust-unresolved)
put "$d" src/main.rs <<'RUST'
fn main() {
    let total = sum_prices(&[1, 2, 3]);
    println!("{total}");
}
RUST
cap rust-unresolved missing_symbol rustc/unresolved "$d" 'cargo build'
d=$(crate rust-no-method)
put "$d" src/main.rs <<'RUST'
fn main() {
    let words = vec!["a", "b"];
    println!("{}", words.joined(","));
}
RUST
cap rust-no-method missing_symbol rustc/unresolved "$d" 'cargo build'
d=$(crate rust-mismatched)
put "$d" src/main.rs <<'RUST'
fn port() -> u16 {
    "8080"
}
fn main() {
    println!("{}", port());
}
RUST
cap rust-mismatched type_error rustc/mismatched "$d" 'cargo build'
d=$(crate rust-syntax)
put "$d" src/main.rs <<'RUST'
fn main() {
    let x = 5
    println!("{x}");
}
RUST
cap rust-syntax syntax_error rustc/syntax "$d" 'cargo build'
d=$(crate rust-unclosed)
put "$d" src/main.rs <<'RUST'
fn main() {
    if true {
        println!("open");
}
RUST
cap rust-unclosed syntax_error rustc/syntax "$d" 'cargo build'
d=$(crate rust-private)
put "$d" src/main.rs <<'RUST'
mod store {
    fn secret() -> u32 { 42 }
}
fn main() {
    println!("{}", store::secret());
}
RUST
cap rust-private type_error rustc/error "$d" 'cargo build'
d=$(crate rust-clippy)
put "$d" src/main.rs <<'RUST'
fn main() {
    let items = vec![1, 2, 3];
    if items.len() == 0 {
        println!("empty");
    }
}
RUST
cap rust-clippy lint_error clippy/deny "$d" 'cargo clippy -- -D warnings'
d=$(crate rust-test-failed --lib)
put "$d" src/lib.rs <<'RUST'
pub fn add(a: i32, b: i32) -> i32 {
    a - b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds() {
        assert_eq!(add(2, 2), 4);
    }
}
RUST
cap rust-test-failed test_failure cargo/test-failed "$d" 'cargo test'
d=$(crate rust-panic)
put "$d" src/main.rs <<'RUST'
fn main() {
    let port: u16 = std::env::var("PORT").unwrap_or_default().parse().unwrap();
    println!("{port}");
}
RUST
cap rust-panic runtime_error rust/panic "$d" 'cargo run'
d=$(crate rust-dependency)
printf 'serde_json_h8 = "1.0"\n' >> "$d/Cargo.toml"
cap rust-dependency dependency_install cargo/dependency "$d" 'cargo build --offline'
d=$(crate rust-dependency-online)
printf 'serde = "1.0"\n' >> "$d/Cargo.toml"
cap rust-dependency-online dependency_install cargo/dependency "$d" 'cargo build'
d=$(crate rust-extern-unsafe)
put "$d" src/main.rs <<'RUST'
extern "C" {
    fn compress_block(data: *const u8, len: usize) -> i32;
}
fn main() {
    let data = [1u8, 2, 3];
    println!("{}", unsafe { compress_block(data.as_ptr(), data.len()) });
}
RUST
cap rust-extern-unsafe type_error rustc/error "$d" 'cargo build'
d=$(crate rust-link)
put "$d" src/main.rs <<'RUST'
unsafe extern "C" {
    fn compress_block(data: *const u8, len: usize) -> i32;
}
fn main() {
    let data = [1u8, 2, 3];
    println!("{}", unsafe { compress_block(data.as_ptr(), data.len()) });
}
RUST
cap rust-link link_error rustc/link "$d" 'cargo build'

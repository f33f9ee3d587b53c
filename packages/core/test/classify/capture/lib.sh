# Helpers for the capture scripts: a scratch project per case, the real tool run in it, and the
# output written as a fixture with a header saying how it was made and what it must classify as.
# Sourced by run.sh; $scratch and $fixtures are set there.

# project NAME: a fresh scratch directory for case NAME; prints its path.
project() {
  local dir="$scratch/$1"
  rm -rf "$dir" && mkdir -p "$dir" && printf '%s\n' "$dir"
}

# put DIR PATH: writes stdin to DIR/PATH (parents created).
put() {
  mkdir -p "$(dirname "$1/$2")" && cat > "$1/$2"
}

# cap NAME CLASS RULE DIR COMMAND: runs COMMAND with bash in DIR (stdout and stderr merged, 300 s
# at most) and writes fixtures/NAME.txt. Scratch paths are replaced by /scratch so fixtures are stable.
cap() {
  local name=$1 class=$2 rule=$3 dir=$4 command=$5
  if [ -n "${only:-}" ] && [[ "$name" != *"$only"* ]]; then return; fi
  local body status
  body=$(cd "$dir" && timeout 300 bash -c "$command" 2>&1 < /dev/null)
  status=$?
  {
    printf '# case: %s (made by packages/core/test/classify/capture/run.sh)\n' "$name"
    printf '# command: %s\n' "$command"
    printf '# exit: %s\n' "$status"
    printf '# expect: %s %s\n' "$class" "$rule"
    printf '# source: captured from the real tool\n'
    printf '# ---\n'
    printf '%s\n' "$body" | sed -e "s#$scratch#/scratch#g" -e "s#$HOME#/home/user#g"
  } > "$fixtures/$name.txt"
  printf '%-40s exit %-4s %s\n' "$name" "$status" "$(printf '%s' "$body" | grep -v '^\s*$' | tail -1 | cut -c1-100)"
}

# gomod NAME: a fresh module example.com/NAME; prints its path.
gomod() {
  local d
  d=$(project "$1")
  printf 'module example.com/%s\n\ngo 1.19\n' "$1" > "$d/go.mod"
  printf '%s\n' "$d"
}

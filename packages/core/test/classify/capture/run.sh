#!/usr/bin/env bash
# Re-captures the classifier fixtures from the real tools: each case builds a deliberately broken
# scratch project under a temporary directory, runs the tool and stores its output with the command
# and the expected class. Usage: run.sh [ECOSYSTEM...] (default: all) ; only=SUBSTRING limits cases.
# Needs node/npm (repo devDependencies installed), python3 + pytest, /usr/bin/python3 + mypy, cargo,
# go, javac/java/mvn + junit4, gcc/g++, git. Hand-written fixtures (*.hand.txt) are never touched.
# FIXTURES=DIR writes elsewhere (to check that a fresh capture still classifies the same).
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../../../.." && pwd)
fixtures="${FIXTURES:-$here/../fixtures}"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/classify-capture.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
export NO_COLOR=1 FORCE_COLOR=0 CARGO_TERM_COLOR=never TERM=dumb
export GOCACHE="$scratch/.go/cache" GOPATH="$scratch/.go/path" GOPROXY=off GOTOOLCHAIN=local GOFLAGS=
export npm_config_cache="$scratch/.npm" npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
export PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
export PATH="$repo/node_modules/.bin:$PATH"
# shellcheck source=lib.sh
. "$here/lib.sh"
set -- "${@:-system vcs shell typescript python node rust go jvm native}"
for ecosystem in $*; do
  # shellcheck disable=SC1090
  . "$here/$ecosystem.sh"
done

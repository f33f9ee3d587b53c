#!/usr/bin/env bash
# Installs the pinned agent CLIs (claude, codex, gemini) used by the real-CLI tests, outside the
# workspace's default install. Idempotent: a no-op when the pinned versions are already present.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bin="$here/node_modules/.bin"
want_claude="$(node -p "require('$here/package.json').dependencies['@anthropic-ai/claude-code']")"
want_codex="$(node -p "require('$here/package.json').dependencies['@openai/codex']")"
want_gemini="$(node -p "require('$here/package.json').dependencies['@google/gemini-cli']")"
installed() { node -p "require('$here/node_modules/$1/package.json').version" 2>/dev/null || true; }
if [[ -x "$bin/claude" && -x "$bin/codex" && -x "$bin/gemini" \
      && "$(installed @anthropic-ai/claude-code)" == "$want_claude" \
      && "$(installed @openai/codex)" == "$want_codex" \
      && "$(installed @google/gemini-cli)" == "$want_gemini" ]]; then
  echo "agent CLIs already installed (claude $want_claude, codex $want_codex, gemini $want_gemini)"
  exit 0
fi
# allowScripts in package.json approves claude-code's postinstall (it places the native binary).
npm ci --prefix "$here" --no-audit --no-fund --loglevel=error
for cli in claude codex gemini; do
  [[ -x "$bin/$cli" ]] || { echo "agent CLI missing after install: $cli" >&2; exit 1; }
done
echo "agent CLIs installed (claude $want_claude, codex $want_codex, gemini $want_gemini)"

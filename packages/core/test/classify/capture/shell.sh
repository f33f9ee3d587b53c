# Shell: missing commands and refused permissions (run as root here, so only what root is refused).

d=$(project bash-command-not-found)
cap bash-command-not-found command_not_found shell/command-not-found "$d" 'echo building; bazel build //...'
d=$(project sh-not-found)
cap sh-not-found command_not_found shell/command-not-found "$d" 'sh -c "pnpm test"'
d=$(project env-not-found)
cap env-not-found command_not_found shell/command-not-found "$d" 'env poetry run pytest'
d=$(project npm-script-tool-missing)
put "$d" package.json <<'JSON'
{ "name": "app", "version": "1.0.0", "scripts": { "build": "webpack-cli --mode production" } }
JSON
cap npm-script-tool-missing command_not_found shell/command-not-found "$d" 'npm run build'
d=$(project node-spawn-enoent)
cap node-spawn-enoent command_not_found shell/command-not-found "$d" \
  "node -e \"require('child_process').spawn('deno', ['test']).on('error', (e) => { throw e })\""
d=$(project npm-missing-script)
put "$d" package.json <<'JSON'
{ "name": "app", "version": "1.0.0", "scripts": { "test": "node --test" } }
JSON
cap npm-missing-script command_not_found npm/missing-script "$d" 'npm run lint'

d=$(project script-not-executable)
printf '#!/bin/sh\necho checking\n' > "$d/check.sh"
cap script-not-executable permission_denied shell/permission-denied "$d" './check.sh'
d=$(project node-eacces)
printf '#!/bin/sh\necho checking\n' > "$d/check.sh"
cap node-eacces permission_denied shell/permission-denied "$d" "node -e \"require('child_process').execFileSync('./check.sh')\""
d=$(project python-permission-error)
printf '#!/bin/sh\necho checking\n' > "$d/check.sh"
cap python-permission-error permission_denied shell/permission-denied "$d" "python3 -c \"import subprocess; subprocess.run(['./check.sh'])\""

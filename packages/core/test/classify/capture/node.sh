# Node and its tools: npm installs, module resolution, runtime errors, ESLint, jest, vitest.

d=$(project npm-404)
put "$d" package.json <<'JSON'
{ "name": "app", "version": "1.0.0" }
JSON
cap npm-404 dependency_install npm/not-found "$d" 'npm install --no-audit express-session-redis-h8-helper'
d=$(project npm-etarget)
put "$d" package.json <<'JSON'
{ "name": "app", "version": "1.0.0" }
JSON
cap npm-etarget dependency_install npm/not-found "$d" 'npm install --no-audit left-pad@99.0.0'
d=$(project npm-eresolve)
put "$d" package.json <<'JSON'
{ "name": "app", "version": "1.0.0" }
JSON
cap npm-eresolve dependency_install npm/eresolve "$d" 'npm install --no-audit --dry-run react@17.0.2 react-dom@18.2.0'
d=$(project npm-network)
put "$d" package.json <<'JSON'
{ "name": "app", "version": "1.0.0" }
JSON
cap npm-network dependency_install npm/network "$d" 'npm install --no-audit --registry http://127.0.0.1:9/ --fetch-retries 0 left-pad'

d=$(project node-require-package)
put "$d" index.js <<'JS'
const leftPad = require("left-pad")
console.log(leftPad("7", 3, "0"))
JS
cap node-require-package missing_dependency node/package-not-found "$d" 'node index.js'
d=$(project node-import-package)
put "$d" index.mjs <<'JS'
import express from "express"
express().listen(3000)
JS
cap node-import-package missing_dependency node/package-not-found "$d" 'node index.mjs'
d=$(project node-require-relative)
put "$d" index.js <<'JS'
const { parse } = require("./lib/parser")
console.log(parse("x"))
JS
cap node-require-relative missing_module node/module-not-found "$d" 'node index.js'
d=$(project node-import-relative)
put "$d" index.mjs <<'JS'
import { parse } from "./lib/parser.js"
console.log(parse("x"))
JS
cap node-import-relative missing_module node/module-not-found "$d" 'node index.mjs'
d=$(project node-syntax-error)
put "$d" index.js <<'JS'
function total(prices) {
  return prices.reduce((a, b) => a + b, 0
}
console.log(total([1, 2]))
JS
cap node-syntax-error syntax_error node/syntax-error "$d" 'node index.js'
d=$(project node-reference-error)
put "$d" index.js <<'JS'
function area(r) {
  return PI * r * r
}
console.log(area(2))
JS
cap node-reference-error missing_symbol node/reference-error "$d" 'node index.js'
d=$(project node-type-error)
put "$d" index.js <<'JS'
const config = JSON.parse('{"server": {}}')
console.log(config.server.tls.cert)
JS
cap node-type-error type_error node/type-error "$d" 'node index.js'
d=$(project node-uncaught)
put "$d" index.js <<'JS'
function connect(url) {
  if (!url.startsWith("postgres://")) throw new Error(`unsupported database url: ${url}`)
}
connect("mysql://localhost/app")
JS
cap node-uncaught runtime_error node/uncaught "$d" 'node index.js'
d=$(project node-test-runner)
put "$d" sum.test.mjs <<'JS'
import { test } from "node:test"
import assert from "node:assert/strict"
test("adds", () => { assert.equal(1 + 1, 3) })
JS
cap node-test-runner test_failure node/test-failed "$d" 'node --test sum.test.mjs'

d=$(project eslint-problems)
put "$d" eslint.config.js <<'JS'
export default [{ rules: { "no-unused-vars": "error", "no-undef": "error", eqeqeq: "error" }, languageOptions: { sourceType: "module", globals: { console: "readonly" } } }]
JS
put "$d" package.json <<'JSON'
{ "name": "app", "version": "1.0.0", "type": "module" }
JSON
put "$d" src/main.js <<'JS'
const unused = 1
export function check(a) {
  if (a == null) return missing
  console.log(a)
}
JS
cap eslint-problems lint_error eslint/problems "$d" 'eslint src'

# vitest from the repository's devDependencies, run in a scratch project with no config.
d=$(project vitest-failed)
put "$d" src/sum.js <<'JS'
export const sum = (a, b) => a - b
JS
put "$d" test/sum.test.js <<'JS'
import { expect, test } from "vitest"
import { sum } from "../src/sum.js"
test("adds two numbers", () => { expect(sum(1, 2)).toBe(3) })
test("adds zero", () => { expect(sum(0, 0)).toBe(0) })
JS
cap vitest-failed test_failure vitest/failed "$d" 'vitest run --root .'
d=$(project vitest-typeerror)
put "$d" src/user.js <<'JS'
export const displayName = (user) => user.profile.name.trim()
JS
put "$d" test/user.test.js <<'JS'
import { expect, test } from "vitest"
import { displayName } from "../src/user.js"
test("falls back to the login", () => { expect(displayName({ login: "ann" })).toBe("ann") })
JS
cap vitest-typeerror test_failure vitest/failed "$d" 'vitest run --root .'
d=$(project vitest-timeout)
put "$d" test/wait.test.js <<'JS'
import { test } from "vitest"
test("waits for the server", () => new Promise(() => {}), 300)
JS
cap vitest-timeout timeout vitest/test-timeout "$d" 'vitest run --root .'
d=$(project vitest-missing-import)
put "$d" test/api.test.js <<'JS'
import { expect, test } from "vitest"
import { fetchUser } from "../src/api.js"
test("fetches", async () => { expect(await fetchUser(1)).toBeTruthy() })
JS
cap vitest-missing-import missing_module node/module-not-found "$d" 'vitest run --root .'
d=$(project vitest-syntax)
put "$d" src/sum.ts <<'TS'
export const sum = (a: number, b: number) => {
  return a + b
TS
put "$d" test/sum.test.ts <<'TS'
import { expect, test } from "vitest"
import { sum } from "../src/sum.js"
test("adds", () => { expect(sum(1, 2)).toBe(3) })
TS
cap vitest-syntax syntax_error node/syntax-error "$d" 'vitest run --root .'

# jest from the npm registry, installed into the scratch project.
d=$(project jest-failed)
put "$d" package.json <<'JSON'
{ "name": "app", "version": "1.0.0", "scripts": { "test": "jest" } }
JSON
(cd "$d" && npm install --no-audit --silent jest@29.7.0 >/dev/null 2>&1)
put "$d" sum.js <<'JS'
module.exports = (a, b) => a - b
JS
put "$d" sum.test.js <<'JS'
const sum = require("./sum")
test("adds two numbers", () => { expect(sum(1, 2)).toBe(3) })
test("handles undefined input", () => { expect(sum(undefined.value, 1)).toBe(1) })
JS
cap jest-failed test_failure jest/failed "$d" 'npx jest --ci'
put "$d" wait.test.js <<'JS'
test("waits for the server", () => new Promise(() => {}), 300)
JS
rm "$d/sum.test.js"
cap jest-timeout timeout jest/test-timeout "$d" 'npx jest --ci'
put "$d" report.test.js <<'JS'
const dayjs = require("dayjs")
test("formats the date", () => { expect(dayjs("2024-01-02").format("YYYY")).toBe("2024") })
JS
rm "$d/wait.test.js"
cap jest-missing-package missing_dependency node/package-not-found "$d" 'npx jest --ci'
put "$d" report.test.js <<'JS'
const { render } = require("./lib/report")
test("renders", () => { expect(render([])).toBe("") })
JS
cap jest-missing-module missing_module node/module-not-found "$d" 'npx jest --ci'

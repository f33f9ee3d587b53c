# The TypeScript compiler, piped and --pretty, alone and inside an npm script.

# tsproject DIR: a package with a strict NodeNext tsconfig over src/.
tsproject() {
  put "$1" tsconfig.json <<'JSON'
{ "compilerOptions": { "strict": true, "module": "NodeNext", "moduleResolution": "NodeNext", "target": "ES2022", "noEmit": true, "types": [] }, "include": ["src"] }
JSON
  put "$1" package.json <<'JSON'
{ "name": "app", "version": "1.0.0", "type": "module", "scripts": { "build": "tsc -p ." } }
JSON
}

d=$(project tsc-type-error); tsproject "$d"
put "$d" src/total.ts <<'TS'
export const total = (prices: ReadonlyArray<number>): number => prices.reduce((a, b) => a + b, 0)
export const label: string = total([1, 2, 3])
TS
cap tsc-type-error type_error tsc/diagnostic "$d" 'tsc -p .'
d=$(project tsc-pretty); tsproject "$d"
put "$d" src/user.ts <<'TS'
interface User { readonly id: number; readonly name: string }
export const make = (name: string): User => ({ id: "1", name })
TS
cap tsc-pretty type_error tsc/diagnostic "$d" 'tsc -p . --pretty'
d=$(project tsc-missing-module); tsproject "$d"
put "$d" src/main.ts <<'TS'
import { parse } from "./parser.js"
export const run = (text: string) => parse(text)
TS
cap tsc-missing-module missing_module tsc/cannot-find-module "$d" 'tsc -p .'
d=$(project tsc-missing-name); tsproject "$d"
put "$d" src/main.ts <<'TS'
export const greet = (name: string) => formatName(name)
TS
cap tsc-missing-name missing_symbol tsc/missing-name "$d" 'tsc -p .'
d=$(project tsc-missing-property); tsproject "$d"
put "$d" src/main.ts <<'TS'
interface Task { readonly title: string }
export const show = (task: Task) => task.titel.toUpperCase()
TS
cap tsc-missing-property missing_symbol tsc/missing-name "$d" 'tsc -p .'
d=$(project tsc-syntax); tsproject "$d"
put "$d" src/main.ts <<'TS'
export const sum = (a: number, b: number) => {
  return a + b
export const twice = (a: number) => sum(a, a)
TS
cap tsc-syntax syntax_error tsc/syntax "$d" 'tsc -p .'
d=$(project tsc-missing-types); tsproject "$d"
put "$d" src/main.ts <<'TS'
export const port = process.env.PORT ?? "8080"
TS
cap tsc-missing-types missing_symbol tsc/missing-name "$d" 'tsc -p .'
d=$(project npm-build-tsc); tsproject "$d"
put "$d" src/main.ts <<'TS'
export const retries: number = "3"
export const delays = [100, 200].map((ms) => ms.toFixed())
export const first: number = delays[0]
TS
cap npm-build-tsc type_error tsc/diagnostic "$d" 'npm run build'

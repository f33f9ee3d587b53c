/**
 * Java and Kotlin: javac diagnostics (bare, or as Maven and Gradle print them), dependency
 * resolution, JUnit/Surefire/Gradle test failures, uncaught exceptions.
 */
import type { Rule } from "./Rule.js"

// `App.java:3: error: msg` (javac, Gradle) or `[ERROR] /p/App.java:[3,9] msg` (Maven).
const javac = (message: string) =>
  new RegExp(`^(?:\\[ERROR\\] )?(?<file>\\S+\\.java)(?::\\d+: error:|:\\[\\d+,\\d+\\]) (?:${message}).*$`, "m")
const kotlinc = (message: string) => new RegExp(`^e: (?:file://)?(?<file>\\S+\\.kts?):\\d+:\\d+:? (?:${message}).*$`, "m")

export const jvmRules: ReadonlyArray<Rule> = [
  {
    id: "maven/dependency",
    class: "dependency_install",
    tool: "maven",
    match: /Could not resolve dependencies for project|Could not (?:transfer|find) artifact|Non-resolvable (?:parent POM|import POM)|Plugin \S+ or one of its dependencies could not be resolved|Cannot access \S+ in offline mode/,
    hint: "Maven cannot resolve a dependency or plugin: check the groupId:artifactId:version in pom.xml; if the repository is unreachable, use only artifacts already in the local repository.",
    context: 1
  },
  {
    id: "gradle/dependency",
    class: "dependency_install",
    tool: "gradle",
    match: /Could not resolve all (?:files|dependencies) for configuration|Could not find [\w.-]+:[\w.-]+:[\w.-]+\./,
    hint: "Gradle cannot resolve a dependency: check its coordinates and version in the build file and that its repository is declared.",
    context: 3
  },
  {
    id: "javac/package-missing",
    class: "missing_dependency",
    tool: "javac",
    match: javac("package (?<pkg>\\S+) does not exist"),
    hint: "Package {pkg} is not on the classpath: fix the import if it is the project's own package, else add the dependency to the build file."
  },
  {
    id: "javac/cannot-find-symbol",
    class: "missing_symbol",
    tool: "javac",
    match: javac("cannot find symbol"),
    hint: "A class, method or variable used in {file} does not exist (see 'symbol:' below): use the real name from its definition or add the missing import.",
    context: 3
  },
  {
    id: "javac/incompatible-types",
    class: "type_error",
    tool: "javac",
    match: javac("incompatible types|bad operand types|method \\S+ in \\S+ \\S+ cannot be applied|no suitable (?:method|constructor) found|\\S+ is not abstract and does not override"),
    hint: "The types do not line up at the reported line in {file}: convert the value or fix the call there.",
    context: 2
  },
  {
    id: "javac/syntax",
    class: "syntax_error",
    tool: "javac",
    match: javac("'.+' expected|illegal start of (?:expression|type)|class, interface, enum, or record expected|reached end of file while parsing|not a statement|unclosed string literal|<identifier> expected"),
    hint: "{file} does not parse: fix the token at the reported line (a semicolon, brace or parenthesis); change only that statement.",
    context: 2
  },
  {
    id: "kotlinc/unresolved",
    class: "missing_symbol",
    tool: "kotlinc",
    match: kotlinc("Unresolved reference"),
    hint: "A name used in {file} does not exist: use the real name from its definition or add the missing import."
  },
  {
    id: "kotlinc/type-mismatch",
    class: "type_error",
    tool: "kotlinc",
    match: kotlinc("(?:\\w+ )?[Tt]ype mismatch"),
    hint: "The types do not line up at the reported line in {file}: convert the value or fix the call there."
  },
  {
    id: "javac/error",
    class: "type_error",
    tool: "javac",
    match: javac(".+"),
    hint: "Fix the first compile error reported in {file} at its line, then compile again before touching the next one.",
    context: 2
  },
  {
    id: "junit/failed",
    class: "test_failure",
    tool: "junit",
    match: /^There (?:was|were) \d+ failures?:$|^FAILURES!!!$|^\[ERROR\] Tests run: \d+, Failures: \d+, Errors: \d+.*FAILURE|^\[ERROR\] Failures: $|There (?:were|was a) (?:failing tests?|test failures?)|^\S+ > \S+.* FAILED$|^\[ +[1-9]\d* tests failed +\]$/m,
    hint: "Read the failing test's assertion message and expected/actual values first, then fix the code under test; change the test only if the task changes the behaviour.",
    context: 4
  },
  {
    id: "java/class-not-found",
    class: "missing_module",
    tool: "java",
    match: /Could not find or load main class \S+|java\.lang\.(?:NoClassDefFoundError|ClassNotFoundException): \S+/,
    hint: "A class is missing at run time: check the class name and package, and that it is compiled and on the classpath."
  },
  {
    id: "java/exception",
    class: "runtime_error",
    tool: "java",
    match: /^Exception in thread "[^"]+" \S+.*$/m,
    hint: "The program threw an uncaught exception: read its message and the first 'at' frame in the project's code, and fix the cause there.",
    context: 1
  }
]

/** .NET: NuGet restore, the C# compiler (CSxxxx), dotnet test, unhandled exceptions. */
import type { Rule } from "./Rule.js"

const csc = (codes: string) => new RegExp(`^(?<file>\\S+\\.cs)\\(\\d+,\\d+\\): error CS(?:${codes}): .*$`, "m")

export const dotnetRules: ReadonlyArray<Rule> = [
  {
    id: "nuget/restore",
    class: "dependency_install",
    tool: "dotnet",
    match: /error NU1\d{3}: .*$/m,
    hint: "NuGet cannot restore a package: check the PackageReference name and version in the .csproj; use only packages available from the configured sources."
  },
  {
    id: "csc/missing-name",
    class: "missing_symbol",
    tool: "dotnet",
    match: csc("0103|0117|0234|0246|1061"),
    hint: "A name used in {file} does not exist: add the missing using directive or package reference, or use the real member name from its definition."
  },
  {
    id: "csc/syntax",
    class: "syntax_error",
    tool: "dotnet",
    match: csc("1002|1003|1026|1513|1514|1519|1525|1733|1010|1022"),
    hint: "{file} does not parse: fix the token at the reported line and column (a semicolon, brace or parenthesis); change only that statement."
  },
  {
    id: "csc/error",
    class: "type_error",
    tool: "dotnet",
    match: csc("\\d{4}"),
    hint: "Fix the first C# compile error in {file} at its line and column, then build again before touching the next one."
  },
  {
    id: "dotnet/test-failed",
    class: "test_failure",
    tool: "dotnet",
    match: /^Failed! +- Failed: +\d+|^ +Failed \S+ \[[^\]]+\]$/m,
    hint: "Read the failing test's assertion message and stack first, then fix the code under test; change the test only if the task changes the behaviour.",
    context: 4
  },
  {
    id: "dotnet/unhandled-exception",
    class: "runtime_error",
    tool: "dotnet",
    match: /^Unhandled exception\. System\.\S+: .*$/m,
    hint: "The program threw an unhandled exception: read its message and the first 'at' frame in the project's code, and fix the cause there.",
    context: 1
  }
]

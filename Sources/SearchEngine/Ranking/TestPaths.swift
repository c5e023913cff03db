/// Recognises test code by its path, the way the common conventions name it.
///
/// Tests repeat the vocabulary of the code they test (and often its doc comments in their
/// names), so for a plain-language question they compete with the implementation; the
/// evaluation leaves them out of its queries and ranking can weigh them down.
package enum TestPaths {
  package static func isTest(_ path: String) -> Bool {
    let components = path.split(separator: "/")
    guard let file = components.last else { return false }
    for folder in components.dropLast() {
      let lowered = folder.lowercased()
      if testFolders.contains(lowered) || lowered.hasSuffix("tests") || lowered.hasSuffix("_test") {
        return true
      }
    }
    let name = file.split(separator: ".", maxSplits: 1).first.map(String.init) ?? String(file)
    let lowered = name.lowercased()
    if lowered.hasPrefix("test_") || lowered.hasSuffix("_test") || lowered.hasSuffix("_tests") || lowered == "conftest" {
      return true
    }
    // `FooTest.java`, `FooTests.swift`, `foo.test.ts`, `foo.spec.js`, `FooSpec.scala`.
    if name.hasSuffix("Test") || name.hasSuffix("Tests") || name.hasSuffix("Spec") || name.hasPrefix("Test") && name.count > 4
      && name.dropFirst(4).first?.isUppercase == true
    {
      return true
    }
    let parts = file.split(separator: ".")
    return parts.count > 2 && ["test", "spec", "tests"].contains(parts[parts.count - 2].lowercased())
  }

  private static let testFolders: Set<String> = [
    "test", "tests", "testing", "testdata", "test_data", "__tests__", "spec", "specs", "fixtures", "testutil",
    "testutils", "e2e",
  ]
}

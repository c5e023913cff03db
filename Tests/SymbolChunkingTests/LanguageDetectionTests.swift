import SymbolChunking
import Testing

@testable import SymbolChunking

/// ctags decides the language from the file name; a few names it lacks are aliased.
@Suite struct LanguageDetectionTests {
  @Test(arguments: [
    ("src/app/Widget.tsx", "Widget.ts"),
    ("lib/index.mts", "index.ts"),
    ("lib/index.cjs", "index.js"),
    ("ci/config.yaml", "config.yml"),
    ("src/main.py", "main.py"),
    ("Makefile", "Makefile"),
    (".bashrc", ".bashrc"),
    ("", "file"),
  ])
  func presentedNames(path: String, expected: String) {
    #expect(CtagsFileNames.presentedName(forPath: path) == expected)
  }

  @Test func mapListingIsParsedInOrder() {
    let map = CtagsLanguageMap(
      listing: """
        C++      *.cc *.h
        ObjectiveC *.m *.h
        Make     [Mm]akefile *.mk
        Unknown
        """)
    #expect(map.language(forFileNamed: "x.h") == "C++")
    #expect(map.language(forFileNamed: "x.m") == "ObjectiveC")
    #expect(map.language(forFileNamed: "makefile") == "Make")
    #expect(map.language(forFileNamed: "x.txt") == nil)
  }

  @Test(
    arguments: [
      ("a/b/c.py", "Python"), ("Widget.tsx", "TypeScript"), ("main.go", "Go"), ("lib.rs", "Rust"),
      ("x.c", "C"), ("README.md", "Markdown"), ("Makefile", "Make"), ("run.sh", "Sh"),
      ("notes.txt", nil), ("App.swift", "Swift"),
    ] as [(String, String?)])
  func languageOfEmptyFilesComesFromTheMap(path: String, language: String?) {
    #expect(FileChunker().chunk(path: path, text: "").language == language)
  }

  @Test func tsxIsParsedAsTypeScript() {
    let text = """
      export function Greeting(props: { name: string }) {
        const message = `Hello, ${props.name}`;
        return <h1 className="greeting">{message}</h1>;
      }

      """
    let file = FileChunker().chunk(path: "ui/Greeting.tsx", text: text)
    #expect(file.language == "TypeScript")
    #expect(file.chunks.map(summary) == ["function Greeting~0 L1-4"])
    expectWellFormed(file, text: text, path: "ui/Greeting.tsx")
  }
}

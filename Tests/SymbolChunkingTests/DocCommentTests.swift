import SearchCore
import SymbolChunking
import Testing

/// Documentation found for functions in several languages, as the evaluation builds queries.
struct DocCommentTests {
  let chunker = FileChunker()

  private func docs(_ path: String, _ text: String) -> [String: String] {
    let file = chunker.chunk(path: path, text: text)
    let found = DocComments.documentedDeclarations(in: file, text: text)
    return Dictionary(found.map { (DocComments.baseName($0.symbol.name), $0.text) }, uniquingKeysWith: { first, _ in first })
  }

  @Test func swiftTripleSlashAboveAttributes() {
    let found = docs(
      "A.swift",
      """
      struct Queue {
        /// Retries a failed upload
        /// with exponential backoff.
        @discardableResult
        func retry(_ upload: Int) -> Bool {
          return true
        }

        func undocumented() {}
      }
      """)
    #expect(found["retry"] == "Retries a failed upload\nwith exponential backoff.")
    #expect(found["undocumented"] == nil)
  }

  @Test func goLineCommentsSkipDirectives() {
    let found = docs(
      "a.go",
      """
      package a

      // ParseConfig reads the settings file.
      //go:noinline
      func ParseConfig(path string) error {
      \treturn nil
      }

      //go:generate stringer
      func Other() {
      \treturn
      }
      """)
    #expect(found["ParseConfig"] == "ParseConfig reads the settings file.")
    #expect(found["Other"] == nil)
  }

  @Test func javadocBlock() {
    let found = docs(
      "A.java",
      """
      class A {
        /**
         * Returns the sum of {@code a} and {@code b}.
         *
         * @param a the first
         */
        @Override
        public int add(int a, int b) {
          return a + b;
        }
      }
      """)
    #expect(found["add"] == "Returns the sum of {@code a} and {@code b}.\n\n@param a the first")
  }

  @Test func pythonDocstringsOneAndManyLines() {
    let text = """
      def fetch(url,
                retries=3):
          \"\"\"Download a page, retrying on errors.

          More text.
          \"\"\"
          return url

      class Box:
          def size(self):
              '''Number of items in the box.'''
              return 1

          def bare(self):
              return 2
      """
    let found = docs("a.py", text)
    #expect(found["fetch"] == "Download a page, retrying on errors.\n\nMore text.")
    #expect(found["size"] == "Number of items in the box.")
    #expect(found["bare"] == nil)
    let file = chunker.chunk(path: "a.py", text: text)
    let fetch = DocComments.documentedDeclarations(in: file, text: text).first { $0.symbol.name == "fetch" }
    #expect(fetch?.documentationLines == 2...5)
  }

  @Test func rustDocComments() {
    let found = docs(
      "lib.rs",
      """
      /// Serializes the value as a JSON string.
      #[inline]
      pub fn to_string(value: &Value) -> String {
          String::new()
      }
      """)
    #expect(found["to_string"] == "Serializes the value as a JSON string.")
  }
}

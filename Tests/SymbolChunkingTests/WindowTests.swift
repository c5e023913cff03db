import SymbolChunking
import Testing

/// Code outside declarations, and files without a parser, become line windows unless trivial.
@Suite struct WindowTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var label: String
    var path: String
    var text: String
    var expected: [String]
    var testDescription: String { label }
  }

  static let cases: [Case] = [
    Case(
      label: "imports alone are no window",
      path: "app.py",
      text: """
        import os
        import sys
        from pathlib import (
            Path,
            PurePath,
        )


        def main(argv):
            root = Path(argv[1])
            print(root.resolve())
            return 0

        """,
      expected: ["function main~0 L9-12"]),
    Case(
      label: "module statements between declarations are a window, trimmed to content",
      path: "app.py",
      text: """
        import logging

        logger = logging.getLogger(__name__)
        DEFAULT_TIMEOUT = 30


        def fetch(url, timeout=DEFAULT_TIMEOUT):
            logger.info("fetching %s", url)
            response = session.get(url, timeout=timeout)
            return response.json()


        if __name__ == "__main__":
            fetch(sys.argv[1])

        """,
      expected: [
        "window lines 3-4~0 L3-4", "function fetch~0 L7-10", "window lines 13-14~0 L13-14",
      ]),
    Case(
      label: "a license header and includes are no window",
      path: "src/util.c",
      text: """
        /*
         * Copyright (c) 2024 Example Corp.
         * Licensed under the MIT license.
         */

        #include <stdio.h>
        #include "util.h"

        int util_add(int a, int b)
        {
            int sum = a + b;
            return sum;
        }

        """,
      expected: ["function util_add~0 L9-13"]),
    Case(
      label: "a lone call between functions is too small for a window",
      path: "tool.py",
      text: """
        def first():
            value = compute()
            record(value)
            return value

        run()

        def second():
            value = compute()
            record(value)
            return value

        """,
      expected: ["function first~0 L1-4", "function second~0 L8-11"]),
    Case(
      label: "a file without a parser is windows over its content",
      path: "notes/TODO",
      text: "\n\n" + numberedLines(50, prefix: "remember to do item") + "\n\n",
      expected: ["window lines 3-42~0 L3-42", "window lines 35-52~0 L35-52"]),
    Case(
      label: "a data format is windows even though ctags could tag it",
      path: "config/settings.json",
      text: "{\n" + (1...30).map { "  \"key\($0)\": \($0),\n" }.joined() + "  \"last\": 0\n}\n",
      expected: ["window lines 1-33~0 L1-33"]),
  ]

  @Test(arguments: cases)
  func check(_ testCase: Case) {
    let file = FileChunker().chunk(path: testCase.path, text: testCase.text)
    #expect(file.chunks.map(summary) == testCase.expected)
    expectWellFormed(file, text: testCase.text, path: testCase.path)
  }

  @Test func windowOnlyLanguagesKeepTheirNameButNoSymbols() {
    let file = FileChunker().chunk(path: "a/b.json", text: "{\"a\": 1, \"b\": {\"c\": 2}}\n")
    #expect(file.language == "JSON")
    #expect(file.chunker == .lineWindows)
    #expect(file.symbols.isEmpty)
  }

  @Test func unknownFilesHaveNoLanguage() {
    let file = FileChunker().chunk(
      path: "LICENSE-NOTES", text: numberedLines(3, prefix: "a sentence of prose"))
    #expect(file.language == nil)
    #expect(file.chunker == .lineWindows)
    #expect(file.chunks.map(summary) == ["window lines 1-3~0 L1-3"])
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// ctags' own table of file names to languages (`ctags --list-maps`), read once.
///
/// Tags carry their language, but a file where ctags finds nothing carries none; the map names
/// the language of such files too, and lets data formats (JSON, YAML …) skip ctags entirely.
struct CtagsLanguageMap: Sendable {
  private let entries: [(language: String, pattern: String)]

  init(entries: [(language: String, pattern: String)]) {
    self.entries = entries
  }

  /// Parses `--list-maps` output: a language name followed by its glob patterns on each line.
  init(listing: String) {
    var entries: [(String, String)] = []
    for line in listing.split(separator: "\n") {
      let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
      guard let language = fields.first, fields.count > 1, !language.hasPrefix("#") else {
        continue
      }
      for pattern in fields.dropFirst() {
        entries.append((String(language), String(pattern)))
      }
    }
    self.entries = entries
  }

  /// The first language whose pattern matches the file's base name.
  func language(forFileNamed name: String) -> String? {
    entries.first { fnmatch($0.pattern, name, 0) == 0 }?.language
  }
}

/// File names ctags 5.9 does not know although it has a parser for the language: the file is
/// presented to ctags under a name it maps to that parser.
enum CtagsFileNames {
  private static let aliases: [String: String] = [
    "tsx": "ts", "mts": "ts", "cts": "ts", "cjs": "js", "yaml": "yml",
  ]

  /// The base name of `path`, its extension replaced when ctags needs an alias; never empty.
  static func presentedName(forPath path: String) -> String {
    let base = path.split(separator: "/").last.map(String.init) ?? ""
    guard !base.isEmpty else { return "file" }
    guard let dot = base.lastIndex(of: "."), dot != base.startIndex else { return base }
    let ext = base[base.index(after: dot)...]
    guard let alias = aliases[String(ext)] else { return base }
    return base[..<dot] + "." + alias
  }
}

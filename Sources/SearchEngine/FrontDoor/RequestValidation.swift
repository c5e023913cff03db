import SearchCore

/// A request names something the engine cannot do as asked (a limit out of range, an unknown
/// mode or kind, an empty query): the caller's mistake. The server answers it with -32602,
/// the command line with a usage error; both with this message.
package struct InvalidRequest: Error, CustomStringConvertible, Sendable, Equatable {
  package var description: String
  package init(_ description: String) { self.description = description }
}

/// The one place that checks what front ends pass in: limits, modes, kinds, filters, cosine
/// floors and queries. The server and the command line both call these, so a rule and its
/// message are written once.
package enum RequestValidation {
  /// Results one request may ask for.
  package static let limits = 1...1000

  package static func limit(_ value: Int?, default fallback: Int) throws(InvalidRequest) -> Int {
    let limit = value ?? fallback
    guard limits.contains(limit) else {
      throw InvalidRequest("limit must be between \(limits.lowerBound) and \(limits.upperBound)")
    }
    return limit
  }

  /// A mode by name (`hybrid`, `semantic`, `lexical`), or `fallback` when none is named.
  package static func mode(_ name: String?, default fallback: SearchMode) throws(InvalidRequest) -> SearchMode {
    guard let name else { return fallback }
    guard let mode = SearchMode(rawValue: name.lowercased()) else {
      throw InvalidRequest("unknown mode \(name); available: \(SearchMode.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    return mode
  }

  /// Symbol kinds by name, in any case.
  package static func kinds(_ names: [String]) throws(InvalidRequest) -> [SymbolKind] {
    var kinds: [SymbolKind] = []
    for name in names {
      guard let kind = SymbolKind(name: name) else {
        throw InvalidRequest("unknown kind \(name); available: \(SymbolKind.allCases.map(\.name).joined(separator: ", "))")
      }
      kinds.append(kind)
    }
    return kinds
  }

  /// Path globs, language names and kind names as filters.
  package static func filters(
    paths: [String]?, languages: [String]?, kinds: [String]?
  ) throws(InvalidRequest) -> SearchFilters {
    SearchFilters(paths: paths ?? [], languages: languages ?? [], kinds: try Self.kinds(kinds ?? []))
  }

  /// A query with words in it.
  package static func query(_ text: String) throws(InvalidRequest) -> String {
    guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw InvalidRequest("query is empty") }
    return text
  }

  /// The lowest cosine find-similar answers with, if any.
  package static func similarityFloor(_ minScore: Double?) throws(InvalidRequest) -> Double? {
    if let minScore, !(-1...1).contains(minScore) { throw InvalidRequest("minScore is a cosine, between -1 and 1") }
    return minScore
  }

  /// The cosine duplicates are linked at: below about 0.5 nearly every chunk links to another,
  /// and the answer would be one cluster.
  package static func duplicatesThreshold(_ minScore: Double?, default fallback: Double) throws(InvalidRequest) -> Double {
    let threshold = minScore ?? fallback
    guard (0.5...1).contains(threshold) else {
      throw InvalidRequest("minScore is a cosine between 0.5 and 1 (default \(fallback))")
    }
    return threshold
  }
}

import Foundation

/// Times of history as the command line and the server show and read them: ISO 8601.
package enum HistoryTime {
  /// `2026-12-03T15:03:52Z`.
  package static func format(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.string(from: date)
  }

  /// An ISO 8601 date-time or date, or an age before `now` (`30m`, `12h`, `7d`, `2w`), else `nil`:
  /// what `--since` and `sextant/drift`'s `since` take.
  package static func parse(_ text: String, now: Date = Date()) -> Date? {
    let units: [Character: Double] = ["m": 60, "h": 3600, "d": 86_400, "w": 604_800]
    if let unit = text.last.flatMap({ units[$0] }), let amount = Double(text.dropLast()), amount >= 0, amount.isFinite {
      return now.addingTimeInterval(-amount * unit)
    }
    return parseDate(text)
  }

  /// An ISO 8601 date-time (`2026-11-30T12:00:00Z`) or date (`2026-11-30`), else `nil`.
  package static func parseDate(_ text: String) -> Date? {
    if let date = ISO8601DateFormatter().date(from: text) { return date }
    let day = ISO8601DateFormatter()
    day.formatOptions = [.withFullDate]
    return day.date(from: text)
  }
}

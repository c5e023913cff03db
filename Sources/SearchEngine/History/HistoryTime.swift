import Foundation

/// Times of history as the command line and the server show and read them: ISO 8601.
package enum HistoryTime {
  /// `2026-12-03T15:03:52Z`.
  package static func format(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.string(from: date)
  }

  /// An ISO 8601 date-time (`2026-11-30T12:00:00Z`) or date (`2026-11-30`), else `nil`.
  package static func parse(_ text: String) -> Date? {
    if let date = ISO8601DateFormatter().date(from: text) { return date }
    let day = ISO8601DateFormatter()
    day.formatOptions = [.withFullDate]
    return day.date(from: text)
  }
}

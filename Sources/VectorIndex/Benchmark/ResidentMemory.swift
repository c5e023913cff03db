import Foundation

/// Resident-set figures of this process from `/proc/self/status` (Linux only; nil elsewhere).
///
/// `VmRSS` counts every resident page, including file pages of mapped vector stores;
/// `RssAnon` counts only anonymous memory (heap), which is where an index built in memory
/// lives; `VmHWM` is the peak of `VmRSS`.
package struct ResidentMemory: Sendable, Equatable {
  package var residentKiB: Int
  package var anonymousKiB: Int
  package var peakKiB: Int

  package static func current() -> ResidentMemory? {
    // /proc files report size 0, so read to end of file rather than by size.
    guard let handle = FileHandle(forReadingAtPath: "/proc/self/status") else { return nil }
    defer { try? handle.close() }
    guard let data = try? handle.readToEnd(), let text = String(data: data, encoding: .utf8) else { return nil }
    var fields: [String: Int] = [:]
    for line in text.split(separator: "\n") {
      let parts = line.split(separator: ":", maxSplits: 1)
      guard parts.count == 2 else { continue }
      // Values look like "\t   15808 kB": tabs and spaces before the number.
      let number = parts[1].split(whereSeparator: { $0 == " " || $0 == "\t" }).first.flatMap { Int($0) }
      if let number { fields[String(parts[0])] = number }
    }
    guard let rss = fields["VmRSS"] else { return nil }
    return ResidentMemory(residentKiB: rss, anonymousKiB: fields["RssAnon"] ?? 0, peakKiB: fields["VmHWM"] ?? rss)
  }
}

import Foundation
import SearchEngine

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Draws indexing progress on stderr: a redrawn bar on a terminal, a line every few seconds
/// otherwise (CI logs), and nothing when quiet.
final class ProgressBar {
  private let isTerminal = isatty(STDERR_FILENO) != 0
  private let quiet: Bool
  private var lastDraw = ContinuousClock.now - .seconds(10)
  private var started = ContinuousClock.now
  private var drewBar = false

  init(quiet: Bool) {
    self.quiet = quiet
  }

  func update(_ progress: IndexProgress) {
    guard !quiet else { return }
    let now = ContinuousClock.now
    switch progress.phase {
    case .scanning:
      started = now
      printError("scanning \(progress.root)")
      return
    case .indexing, .finished:
      break
    }
    let interval: Duration = isTerminal ? .milliseconds(100) : .seconds(5)
    guard now - lastDraw >= interval || progress.phase == .finished else { return }
    lastDraw = now
    let elapsed = max((now - started).seconds, 0.001)
    let rate = Double(progress.filesIndexed) / elapsed
    let remaining = rate > 0 ? Double(progress.filesToIndex - progress.filesIndexed) / rate : 0
    let width = 30
    let filled = Int(progress.fraction * Double(width))
    let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
    let line =
      "[\(bar)] \(progress.filesIndexed)/\(progress.filesToIndex) files, \(progress.chunks) chunks, "
      + String(format: "%.0f files/s, ETA %.0fs", rate, remaining)
    if isTerminal {
      printError("\r\u{1B}[2K" + line, terminator: progress.phase == .finished ? "\n" : "")
      drewBar = progress.phase != .finished
    } else {
      printError(line)
    }
  }

  /// Ends a bar left mid-line (an error interrupted the run).
  func finish() {
    if drewBar { printError("") }
  }
}

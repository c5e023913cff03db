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
  private var lastLine = ""

  init(quiet: Bool) {
    self.quiet = quiet
  }

  private var phase: IndexProgress.Phase = .scanning

  func update(_ progress: IndexProgress) {
    guard !quiet else { return }
    let now = ContinuousClock.now
    if progress.phase != phase {
      // A new phase restarts the rate and ETA and draws at once (its first line says how much
      // work there is); the previous bar ends on its own line.
      if drewBar { printError("") }
      drewBar = false
      phase = progress.phase
      started = now
      lastDraw = now - .seconds(10)
    }
    if progress.phase == .scanning {
      printError("scanning \(progress.root)")
      return
    }
    let (done, total, unit, extra): (Int, Int, String, String) =
      switch progress.phase {
      case .embedding: (progress.chunksEmbedded, progress.chunksToEmbed, "chunks embedded", "")
      default: (progress.filesIndexed, progress.filesToIndex, "files", ", \(progress.chunks) chunks")
      }
    if progress.phase == .finished { return finishLine() }
    let interval: Duration = isTerminal ? .milliseconds(100) : .seconds(5)
    guard now - lastDraw >= interval || done == total else { return }
    lastDraw = now
    let elapsed = max((now - started).seconds, 0.001)
    let rate = Double(done) / elapsed
    let remaining = rate > 0 ? Double(total - done) / rate : 0
    let width = 30
    let filled = Int(progress.fraction * Double(width))
    let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
    let line = "[\(bar)] \(done)/\(total) \(unit)\(extra), " + String(format: "%.0f/s, ETA %.0fs", rate, remaining)
    if isTerminal {
      printError("\r\u{1B}[2K" + line, terminator: "")
      drewBar = true
    } else if line != lastLine {
      printError(line)
    }
    lastLine = line
  }

  private func finishLine() {
    if drewBar { printError("") }
    drewBar = false
  }

  /// Ends a bar left mid-line (an error interrupted the run).
  func finish() {
    if drewBar { printError("") }
  }
}

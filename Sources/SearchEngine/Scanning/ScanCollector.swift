/// Gathers the outcome of one scan as entries are decided, whichever mode lists them.
struct ScanCollector {
  private var files: [(path: [UInt8], file: ScannedFile)] = []
  private var counts: [SkipReason: Int] = [:]
  private var examples: [SkipReason: [[UInt8]]] = [:]
  private let examplesPerReason: Int

  init(examplesPerReason: Int) {
    self.examplesPerReason = examplesPerReason
  }

  /// Records what inspecting the file at `path` (relative to the root) decided.
  mutating func record(_ outcome: FileInspector.Outcome, path: [UInt8]) {
    switch outcome {
    case .indexable(let size, let modified):
      guard let relativePath = RelativePath.string(path) else {
        skip(.undecodableName, path: path)
        return
      }
      files.append(
        (path, ScannedFile(relativePath: relativePath, size: size, modifiedNanoseconds: modified))
      )
    case .skipped(let reason):
      skip(reason, path: path)
    case .directory, .missing:
      break
    }
  }

  /// Counts a skipped entry and keeps it as an example if it is among the first in path
  /// order, so the examples do not depend on the order entries were visited in.
  mutating func skip(_ reason: SkipReason, path: [UInt8]) {
    counts[reason, default: 0] += 1
    guard examplesPerReason > 0 else { return }
    var kept = examples[reason, default: []]
    let position = kept.firstIndex { path.lexicographicallyPrecedes($0) } ?? kept.count
    guard position < examplesPerReason else { return }
    kept.insert(path, at: position)
    if kept.count > examplesPerReason { kept.removeLast() }
    examples[reason] = kept
  }

  /// The finished report, files sorted by the bytes of their path.
  func report(usedGit: Bool, gitFallbackReason: String?) -> ScanReport {
    var sorted: [ScannedFile] = []
    sorted.reserveCapacity(files.count)
    var previous: [UInt8]?
    // A file reached twice (listed by an outer and a nested repository) is reported once.
    for entry in files.sorted(by: { $0.path.lexicographicallyPrecedes($1.path) })
    where entry.path != previous {
      previous = entry.path
      sorted.append(entry.file)
    }
    return ScanReport(
      files: sorted, skipped: counts,
      skipExamples: examples.mapValues { $0.map { String(decoding: $0, as: UTF8.self) } },
      usedGit: usedGit, gitFallbackReason: gitFallbackReason)
  }
}

import Foundation

/// Examining files is almost all system calls (`lstat`, `open`, `read`), which run in
/// parallel well, so the listers queue files here and they are examined together.
extension ScanSession {
  /// A file the rules let through, waiting for its size and content checks.
  struct PendingFile: Sendable {
    var path: [UInt8]
    /// Its `lstat` result, when the lister already has it.
    var status: PosixFiles.Status?
  }

  /// Below this many files the cost of starting threads outweighs the gain.
  private static let parallelThreshold = 256
  /// Files per unit of work handed to a thread.
  private static let batchSize = 64

  /// Examines every queued file, on all cores, and records the outcomes in queue order.
  func inspectPendingFiles() {
    let files = pendingFiles
    pendingFiles = []
    guard files.count >= ScanSession.parallelThreshold else {
      for file in files {
        collector.record(
          FileInspector.inspect(absolute(file.path), status: file.status, options: options),
          path: file.path)
      }
      return
    }
    let root = self.root
    let options = self.options
    var outcomes = [FileInspector.Outcome](repeating: .missing, count: files.count)
    outcomes.withUnsafeMutableBufferPointer { buffer in
      let results = DisjointSlots(buffer)
      let batches = (files.count + ScanSession.batchSize - 1) / ScanSession.batchSize
      DispatchQueue.concurrentPerform(iterations: batches) { batch in
        let start = batch * ScanSession.batchSize
        let end = min(start + ScanSession.batchSize, files.count)
        for index in start..<end {
          let file = files[index]
          results.store(
            at: index,
            FileInspector.inspect(
              RelativePath.absolute(root, file.path), status: file.status, options: options))
        }
      }
    }
    for (file, outcome) in zip(files, outcomes) {
      collector.record(outcome, path: file.path)
    }
  }
}

/// Lets concurrent batches fill one buffer. Sound because every batch writes a disjoint
/// range of slots and the buffer outlives `concurrentPerform`, which returns only after all
/// batches finished.
private struct DisjointSlots<Element>: @unchecked Sendable {
  private let buffer: UnsafeMutableBufferPointer<Element>

  init(_ buffer: UnsafeMutableBufferPointer<Element>) {
    self.buffer = buffer
  }

  func store(at index: Int, _ value: Element) {
    buffer[index] = value
  }
}

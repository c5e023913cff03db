import Foundation

/// Runs a short-lived helper program and captures what it prints.
enum ProcessRunner {
  struct Output: Sendable {
    var status: Int32
    var standardOutput: Data
    /// The end of what it printed on standard error, for messages.
    var standardError: String
  }

  enum Failure: Error, Sendable, CustomStringConvertible {
    case notFound(String)
    case couldNotStart(String, String)

    var description: String {
      switch self {
      case .notFound(let name): "\(name) not found on PATH"
      case .couldNotStart(let name, let reason): "\(name) could not start: \(reason)"
      }
    }
  }

  /// Runs `executable` with `arguments`. Standard error is drained on another thread while
  /// standard output is read, so neither pipe can fill up and stall the child.
  ///
  /// The exit is awaited through `terminationHandler`, not `waitUntilExit()`: on Linux the
  /// latter polls a run loop in 50 ms steps, which would dominate a 5 ms `git` call.
  static func run(
    _ executable: URL, arguments: [String], environment: [String: String]
  ) throws(Failure) -> Output {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.environment = environment
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = FileHandle.nullDevice
    let exited = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in exited.signal() }
    do {
      try process.run()
    } catch {
      throw .couldNotStart(executable.lastPathComponent, "\(error)")
    }
    let errorText = ErrorDrain()
    let drained = DispatchGroup()
    DispatchQueue.global().async(group: drained) {
      errorText.store(errors.fileHandleForReading.readDataToEndOfFile())
    }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    drained.wait()
    exited.wait()
    return Output(
      status: process.terminationStatus, standardOutput: data, standardError: errorText.text)
  }

  /// Finds `name` in the directories of `PATH`, as a shell would.
  static func locate(_ name: String) -> URL? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    for directory in path.split(separator: ":") where !directory.isEmpty {
      let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    return nil
  }
}

/// Holds what a child printed on standard error, written by the draining thread and read
/// after it finished.
private final class ErrorDrain: @unchecked Sendable {
  private let lock = NSLock()
  private var data = Data()
  /// Messages are for logs; the tail is what names the problem.
  private static let keptBytes = 2048

  func store(_ newData: Data) {
    lock.withLock { data = newData.suffix(ErrorDrain.keptBytes) }
  }

  var text: String {
    lock.withLock {
      String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
  }
}

import Foundation
import JSONRPCTransport
import LSPProtocol

#if canImport(Glibc)
  import Glibc
#endif

/// The built `sextant` binary, run as a language server over pipes, as an editor runs it.
final class ServerProcess: @unchecked Sendable {
  let process = Process()
  private let stdinPipe = Pipe()
  private let stdoutPipe = Pipe()
  private let stderrPipe = Pipe()
  private let lock = NSLock()
  private var framer = MessageFramer()
  private var received: [JSONValue] = []
  private var stderrText = ""

  /// Finds the binary next to the test bundle (SwiftPM builds both into one folder), or where
  /// `SEXTANT_BINARY` says.
  static func binaryURL() throws -> URL {
    if let explicit = ProcessInfo.processInfo.environment["SEXTANT_BINARY"] {
      return URL(fileURLWithPath: explicit)
    }
    var candidates: [URL] = []
    var directory = Bundle.main.bundleURL
    for _ in 0..<3 {
      candidates.append(directory.appendingPathComponent("sextant"))
      directory.deleteLastPathComponent()
    }
    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    candidates.append(repository.appendingPathComponent(".build/debug/sextant"))
    guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
      throw FixtureError("the sextant binary was not found (looked in \(candidates.map(\.path))); run `swift build` first")
    }
    return found
  }

  init(arguments: [String] = [], environment: [String: String] = [:]) throws {
    process.executableURL = try ServerProcess.binaryURL()
    process.arguments = arguments
    var merged = ProcessInfo.processInfo.environment
    merged.merge(environment) { _, new in new }
    process.environment = merged
    process.standardInput = stdinPipe
    process.standardOutput = stdoutPipe
    process.standardError = stderrPipe
    stdoutPipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
      self?.consume(handle.availableData)
    }
    stderrPipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
      let data = handle.availableData
      guard let self, !data.isEmpty else { return }
      self.lock.lock()
      self.stderrText += String(decoding: data, as: UTF8.self)
      self.lock.unlock()
    }
    try process.run()
  }

  private func consume(_ data: Data) {
    guard !data.isEmpty else { return }
    lock.lock()
    defer { lock.unlock() }
    framer.append(data)
    while let frame = framer.next() {
      if case .message(let body) = frame, let value = try? JSONCoding.parse(body) {
        received.append(value)
      } else {
        received.append(["unparseable-output": .string(String(describing: frame))])
      }
    }
  }

  func write(_ data: Data) {
    stdinPipe.fileHandleForWriting.write(data)
  }

  func send(_ message: JSONValue) throws {
    write(frameMessage(try JSONCoding.data(message)))
  }

  func closeInput() {
    try? stdinPipe.fileHandleForWriting.close()
  }

  /// Removes and returns the messages received so far.
  func takeMessages() -> [JSONValue] {
    lock.lock()
    defer { lock.unlock() }
    let messages = received
    received.removeAll()
    return messages
  }

  var standardError: String {
    lock.lock()
    defer { lock.unlock() }
    return stderrText
  }

  /// Waits for the process to end; `nil` if it is still running after `timeout`.
  func waitForExit(timeout: TimeInterval) async -> Int32? {
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning && Date() < deadline {
      try? await Task.sleep(for: .milliseconds(5))
    }
    return process.isRunning ? nil : process.terminationStatus
  }

  func kill() {
    if process.isRunning { process.terminate() }
  }
}

struct FixtureError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

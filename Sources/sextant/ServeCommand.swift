import ArgumentParser
import Foundation
import JSONRPCTransport
import SearchServer

/// `sextant lsp`: the language server on stdin/stdout.
struct Serve: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lsp",
    abstract: "Serve the Language Server Protocol on stdin/stdout (the default).")

  @Option(name: .long, help: "Refuse messages larger than this many bytes.")
  var maxMessageBytes: Int = 64 << 20

  @Flag(name: .long, help: "Accepted for clients that pass it; stdio is the only transport.")
  var stdio = false

  func run() throws {
    let connection = Connection(
      input: STDIN_FILENO, output: StandardOutputGuard.protocolFileDescriptor, maximumContentLength: maxMessageBytes,
      log: { FileHandle.standardError.write(Data("sextant: \($0)\n".utf8)) })
    let done = DispatchSemaphore(value: 0)
    let exitCode = ExitCodeBox()
    _ = LanguageServer.serve(connection: connection) { code in
      exitCode.value = code
      done.signal()
    }
    done.wait()
    // `_exit`, not `exit`: exit handlers (OpenBLAS frees its thread pool in one) would run while
    // a thread the grace period gave up on may still be inside the model. Every reply has been
    // written to the descriptor already, and nothing else is buffered.
    _exit(exitCode.value)
  }
}

final class ExitCodeBox: @unchecked Sendable {
  var value: Int32 = 0
}

import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// stdout belongs to the protocol: before anything else can print, keep a private copy of fd 1
// for it and point fd 1 at stderr, so a stray print can never corrupt the message stream.
let protocolOutput = StandardOutputGuard.divert()
signal(SIGPIPE, SIG_IGN)

var arguments = Array(CommandLine.arguments.dropFirst())
let informational: Set<String> = ["-h", "--help", "help", "--version"]
if let first = arguments.first, first.hasPrefix("-"), !informational.contains(first) {
  // `sextant --stdio` and other server options without the subcommand name.
  arguments.insert("lsp", at: 0)
}
if arguments.isEmpty || arguments.first == "lsp" {
  StandardOutputGuard.protocolFileDescriptor = protocolOutput
  Sextant.main(arguments.isEmpty ? ["lsp"] : arguments)
} else {
  // A headless command's results are its output: give it the real stdout back.
  StandardOutputGuard.restore(protocolOutput)
  Sextant.main(arguments)
}

import ArgumentParser
import Foundation

/// The `sextant` command: a language server by default, and headless tools over the same index.
struct Sextant: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sextant",
    abstract: "Semantic code search: a language server, and headless tools over the same index.",
    discussion: """
      Run bare (or as `sextant lsp`) to serve the Language Server Protocol on stdin/stdout. \
      The index lives in the user's cache directory, keyed by the workspace path, unless \
      --index-dir says otherwise; the server and the headless commands share it.
      """,
    version: "0.1.0",
    subcommands: [
      Serve.self, Index.self, Symbols.self, Search.self, Similar.self, Duplicates.self, History.self, Drift.self, Status.self, SettingsCommand.self, Eval.self,
      Embed.self, Export.self, Bench.self,
    ],
    defaultSubcommand: Serve.self
  )
}

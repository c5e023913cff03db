import ArgumentParser
import Foundation
import SearchEngine

/// `sextant settings PATH`: the settings in force for a workspace and where they come from.
struct SettingsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "settings",
    abstract: "Show the settings in force for a workspace: defaults, then its .sextant.json, then flags.",
    discussion: """
      The same settings the server takes from .sextant.json, initializationOptions and \
      workspace/configuration (see the README's table, or --table). Problems in \
      .sextant.json are printed as warnings; a bad flag is an error.
      """)

  @Argument(help: "The workspace folder.") var path: String = "."
  @Flag(name: .long, help: "Print every setting as a markdown table (key, expected value, default, meaning).")
  var table = false
  @OptionGroup var indexOptions: IndexOptions

  func run() throws {
    if table {
      print(SettingKey.markdownTable)
      return
    }
    let settings = try indexOptions.settings(root: try workspaceURL(path))
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(settings), as: UTF8.self))
  }
}

import Foundation
import LSPProtocol
import SearchEngine

/// Where the server's settings come from, kept so that they can be merged again when one
/// layer changes: `.sextant.json` of the workspace folders ← `initializationOptions` ←
/// `workspace/configuration` (section `sextant`).
struct SettingsLayers: Sendable {
  var initializationOptions: [String: SettingValue]?
  var clientConfiguration: [String: SettingValue]?

  /// The settings of these workspace roots with every layer applied, and what was wrong.
  func merged(roots: [URL], warnings: inout [String]) -> Settings {
    var settings = Settings.fromFiles(roots: roots, warnings: &warnings)
    if let initializationOptions {
      settings.apply(initializationOptions, source: "initializationOptions", warnings: &warnings)
    }
    if let clientConfiguration {
      settings.apply(clientConfiguration, source: "workspace/configuration", warnings: &warnings)
    }
    return settings
  }

  /// A layer from a client's JSON; `null` or absent is no layer, anything but an object a warning.
  static func layer(_ value: JSONValue?, source: String, warnings: inout [String]) -> [String: SettingValue]? {
    guard let value, value != .null else { return nil }
    guard case .object(let object)? = try? JSONCoding.decode(SettingValue.self, from: value) else {
      warnings.append("\(source) is not an object; ignored")
      return nil
    }
    return object
  }
}

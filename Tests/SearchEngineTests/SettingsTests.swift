import Foundation
import Testing

@testable import SearchEngine

/// One settings type, merged in layers, with a warning naming each bad key.
struct SettingsTests {
  static func temporaryRoot(_ json: String?) throws -> URL {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("settings-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    if let json { try Data(json.utf8).write(to: root.appendingPathComponent(Settings.fileName)) }
    return root
  }

  @Test func layersApplyInOrderAndWrongValuesKeepTheLayerBelow() throws {
    let root = try Self.temporaryRoot(#"{"symbolLimit": 40, "searchLimit": 7, "ignore": ["build/"], "model": "hashing"}"#)
    defer { try? FileManager.default.removeItem(at: root) }
    var warnings: [String] = []
    var settings = Settings.fromFiles(roots: [root], warnings: &warnings)
    #expect(warnings.isEmpty)
    #expect(settings.symbolLimit == 40 && settings.searchLimit == 7 && settings.ignore == ["build/"])
    settings.apply(
      ["symbolLimit": .number(60), "searchLimit": .string("many"), "duplicatesMinScore": .number(0.2), "indexOnStartup": .number(1)],
      source: "initializationOptions", warnings: &warnings)
    #expect(settings.symbolLimit == 60, "a later layer wins")
    #expect(settings.searchLimit == 7, "a wrong type keeps the value from below")
    #expect(settings.duplicatesMinScore == DuplicatesQuery.defaultMinScore)
    #expect(settings.indexOnStartup)
    #expect(
      warnings == [
        "initializationOptions: \"duplicatesMinScore\" must be a number from 0.5 to 1.0, not 0.2; keeping 0.9",
        "initializationOptions: \"indexOnStartup\" must be true or false, not 1; keeping true",
        "initializationOptions: \"searchLimit\" must be an integer from 1 to 1000, not \"many\"; keeping 7",
      ])
  }

  @Test func everyKindOfValueIsChecked() {
    var settings = Settings()
    var warnings: [String] = []
    settings.apply(
      [
        "indexSpec": .string("IVF64,SQ8"), "vectorCodec": .string("fp16-v1"), "indexDir": .string("file:///tmp/idx"),
        "maxFileBytes": .number(1.5), "ignore": .array([.string("a/"), .number(3)]), "reindexDelayMs": .number(0),
      ], source: "test", warnings: &warnings)
    #expect(settings.indexSpec == "IVF64,SQ8" && settings.vectorCodec == "fp16-v1" && settings.indexDir == "/tmp/idx")
    #expect(settings.reindexDelayMs == 0)
    #expect(settings.maxFileBytes == 1 << 20 && settings.ignore.isEmpty)
    #expect(warnings.count == 2)
    settings.apply(["indexSpec": .string("IVF,what"), "vectorCodec": .string("zip"), "indexDir": .null], source: "test", warnings: &warnings)
    #expect(settings.indexSpec == "IVF64,SQ8" && settings.vectorCodec == "fp16-v1" && settings.indexDir == nil)
    #expect(warnings.count == 4)
    #expect(warnings[2].contains("\"indexSpec\" is not a valid index spec"))
    #expect(warnings[3].contains("\"vectorCodec\" must be one of \"fp32-v1\""))
  }

  @Test func theEngineConfigurationFollowsTheSettings() {
    var settings = Settings()
    settings.ignore = ["gen/"]
    settings.maxFileBytes = 1000
    settings.indexSpec = "Flat"
    settings.vectorCacheL1Bytes = 123
    let configuration = settings.engineConfiguration()
    #expect(configuration.scan.extraIgnorePatterns == ["gen/"] && configuration.scan.maxFileBytes == 1000)
    #expect(configuration.semanticIndex.spec?.description == "Flat")
    #expect(configuration.vectorCacheBudgets.decodedBytes == 123)
    var served = settings
    served.searchLimit = 5
    served.reindexDelayMs = 10
    #expect(served.sameEngine(as: settings), "limits and delays need no new engine")
    served.model = "none"
    #expect(!served.sameEngine(as: settings))
  }

  @Test func brokenFilesAndDisagreeingFoldersAreReported() throws {
    let broken = try Self.temporaryRoot("{ not json")
    let list = try Self.temporaryRoot("[1, 2]")
    let first = try Self.temporaryRoot(#"{"symbolLimit": 10}"#)
    let second = try Self.temporaryRoot(#"{"symbolLimit": 20, "searchLimit": 3}"#)
    defer { for root in [broken, list, first, second] { try? FileManager.default.removeItem(at: root) } }
    var warnings: [String] = []
    let settings = Settings.fromFiles(roots: [broken, list, first, second], warnings: &warnings)
    #expect(settings.symbolLimit == 10 && settings.searchLimit == 3)
    #expect(warnings.count == 3)
    #expect(warnings[0].hasSuffix("not valid JSON; ignored") && warnings[1].hasSuffix("not a JSON object; ignored"))
    #expect(warnings[2].contains("\"symbolLimit\" differs from \(first.appendingPathComponent(".sextant.json").path)"))
  }

  @Test func theReadmeTableListsEverySetting() throws {
    let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("README.md")
    let text = try String(contentsOf: readme, encoding: .utf8)
    #expect(text.contains(SettingKey.markdownTable), "README.md's settings table is SettingKey.markdownTable")
  }
}

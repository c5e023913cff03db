// TEMPORARY compile aid, replaced by the real files before commit.
import Foundation
package struct ScanOptions: Sendable { package var maxFileBytes = 1 << 20; package init() {} }
package enum SkipReason: String, Sendable, Hashable, CaseIterable { case tooLarge }
package struct ScannedFile: Sendable, Hashable { package var relativePath: String; package var size: Int; package var modifiedNanoseconds: Int64 }
package struct ScanReport: Sendable { package var files: [ScannedFile]; package var skipped: [SkipReason: Int]; package var usedGit: Bool }
package struct WorkspaceScanner: Sendable {
  package init(options: ScanOptions) {}
  package func scan(root: URL) throws -> ScanReport { ScanReport(files: [], skipped: [:], usedGit: false) }
  package func shouldIndex(relativePath: String, in root: URL) -> Bool { true }
}
package struct SymbolNameIndex: Sendable {
  package init(names: [String]) {}
  package func search(_ query: String, limit: Int) -> [(index: Int, score: Int)] { [] }
}

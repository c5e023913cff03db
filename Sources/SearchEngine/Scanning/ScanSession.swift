/// The state of one scan of one root: the rules read so far and the outcome so far.
///
/// A session lives for one ``WorkspaceScanner/scan(root:)`` call (or one single-file check)
/// so ignore files are read once per scan and never go stale between scans.
final class ScanSession {
  let root: [UInt8]
  let options: ScanOptions
  let rules: WorkspaceRules
  /// `.gitignore` files and `.git/info/exclude`, for the walker and for git-less checks.
  let gitIgnore: IgnoreHierarchy
  var collector: ScanCollector

  init(root: [UInt8], options: ScanOptions) {
    self.root = root
    self.options = options
    self.rules = WorkspaceRules(root: root, options: options)
    self.gitIgnore = IgnoreHierarchy(
      root: root, fileName: ".gitignore", repositoryAware: true, followLinks: false)
    self.collector = ScanCollector(examplesPerReason: options.examplesPerReason)
  }

  /// The absolute path of `relative` as bytes.
  func absolute(_ relative: [UInt8]) -> [UInt8] {
    RelativePath.absolute(root, relative)
  }

  /// The root's path as a `String`, for handing to git.
  var rootPath: String { String(decoding: root, as: UTF8.self) }
}

/// Sextant's own exclusions, applied on top of whichever lister (git or the walker) decided
/// what belongs to the workspace: generated paths and `.sextantignore` files.
final class WorkspaceRules {
  private let root: [UInt8]
  private let sextantIgnore: IgnoreHierarchy
  private let secretFiles: IgnoreRules
  private var folderVerdicts: [[UInt8]: FolderVerdict] = [:]

  private enum FolderVerdict {
    case accepted
    /// Skipped because of `folder`, this folder or its outermost skipped ancestor.
    case skipped(folder: [UInt8], reason: SkipReason)
  }

  init(root: [UInt8], options: ScanOptions) {
    self.root = root
    self.sextantIgnore = IgnoreHierarchy(
      root: root, fileName: ".sextantignore", repositoryAware: false, followLinks: true,
      extraRootRules: IgnoreRules(base: [], lines: options.extraIgnorePatterns))
    self.secretFiles = SecretFiles.rules(allowing: options.allowedSecretPatterns)
  }

  /// Why the folder at `path` is left out, assuming its ancestors are not.
  func skipReason(forFolder path: [UInt8]) -> SkipReason? {
    if RelativePath.string(RelativePath.name(path)) == nil {
      return .undecodableName
    }
    if GeneratedPaths.isGeneratedFolder(path, root: root) { return .generatedFolder }
    if sextantIgnore.excludes(path, isDirectory: true) { return .sextantIgnore }
    return nil
  }

  /// Why the file at `path` is left out, assuming its ancestors are not.
  func skipReason(forFile path: [UInt8]) -> SkipReason? {
    if GeneratedPaths.isGeneratedFile(RelativePath.name(path)) { return .generatedFile }
    if sextantIgnore.excludes(path, isDirectory: false) { return .sextantIgnore }
    if secretFiles.verdict(for: path, isDirectory: false) == .excluded { return .secretFile }
    return nil
  }

  /// For paths that arrive without their folders having been visited (git's list, a single
  /// file from the editor): the outermost ancestor folder that is left out, and why. Folder
  /// verdicts are cached, so a long list costs one check per distinct folder.
  func skippedAncestor(of path: [UInt8]) -> (folder: [UInt8], reason: SkipReason)? {
    var inherited: FolderVerdict = .accepted
    for folder in RelativePath.ancestors(path) {
      if let known = folderVerdicts[folder] {
        inherited = known
      } else {
        if case .accepted = inherited, let reason = skipReason(forFolder: folder) {
          inherited = .skipped(folder: folder, reason: reason)
        }
        folderVerdicts[folder] = inherited
      }
      if case .skipped(let folder, let reason) = inherited { return (folder, reason) }
    }
    return nil
  }
}

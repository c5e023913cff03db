/// The ignore files of one name (`.gitignore` or `.sextantignore`) at every level of a tree,
/// read lazily and cached per directory, answering with git's precedence: the deepest file
/// wins, and within a file the last matching line.
///
/// It only weighs the files in a path's ancestors. That a path lies inside an excluded
/// folder is for the caller to know: the walker never enters such a folder, and the git-mode
/// filter checks every ancestor folder first. That is what makes a negation unable to
/// re-include a file whose folder is excluded, exactly as in git.
final class IgnoreHierarchy {
  private let root: [UInt8]
  private let fileName: [UInt8]
  private let repositoryAware: Bool
  private let followLinks: Bool
  private let rootLayers: [IgnoreRules]
  private var layersByDirectory: [[UInt8]: [IgnoreRules]] = [:]
  /// The last directory asked about: entries arrive folder by folder, and comparing bytes
  /// is cheaper than hashing them.
  private var lastDirectory: [UInt8]?
  private var lastLayers: [IgnoreRules] = []

  /// Ignore files are small; anything larger than this is not an ignore file worth reading.
  private static let maxIgnoreFileBytes = 4 << 20

  /// - Parameters:
  ///   - root: Absolute path of the scanned root, as bytes without a trailing `/`.
  ///   - fileName: The ignore file to read in each directory.
  ///   - repositoryAware: Git semantics for nested repositories: a folder holding `.git`
  ///     starts afresh (its parents' files do not apply inside it, as git would not apply
  ///     them) and its `.git/info/exclude` applies below its `.gitignore` files.
  ///   - followLinks: Whether a symlinked ignore file is read. Git ignores a symlinked
  ///     `.gitignore`, so the git hierarchy passes `false`.
  ///   - extraRootRules: Rules that come before the root's own file, which may override them.
  init(
    root: [UInt8], fileName: String, repositoryAware: Bool, followLinks: Bool,
    extraRootRules: IgnoreRules? = nil
  ) {
    self.root = root
    self.fileName = Array(fileName.utf8)
    self.repositoryAware = repositoryAware
    self.followLinks = followLinks
    var rootLayers: [IgnoreRules] = []
    if let extraRootRules { rootLayers.append(extraRootRules) }
    if repositoryAware, let exclude = IgnoreHierarchy.infoExclude(root: root, directory: []) {
      rootLayers.append(exclude)
    }
    self.rootLayers = rootLayers
  }

  /// What the ignore files in the ancestors of `path` (relative to the root) say about it.
  func verdict(for path: [UInt8], isDirectory: Bool) -> IgnoreVerdict? {
    let layers = layers(for: RelativePath.parent(path))
    return path.withUnsafeBufferPointer { buffer in
      for layer in layers.reversed() {
        if let verdict = layer.verdict(for: buffer, isDirectory: isDirectory) { return verdict }
      }
      return nil
    }
  }

  /// Whether the ancestors' ignore files exclude `path` (a `!` match or no match: included).
  func excludes(_ path: [UInt8], isDirectory: Bool) -> Bool {
    verdict(for: path, isDirectory: isDirectory) == .excluded
  }

  /// The rules in force for entries of `directory`, shallowest first.
  private func layers(for directory: [UInt8]) -> [IgnoreRules] {
    if directory == lastDirectory { return lastLayers }
    let layers = loadLayers(for: directory)
    lastDirectory = directory
    lastLayers = layers
    return layers
  }

  private func loadLayers(for directory: [UInt8]) -> [IgnoreRules] {
    if let cached = layersByDirectory[directory] { return cached }
    var layers: [IgnoreRules]
    if directory.isEmpty {
      layers = rootLayers
    } else if repositoryAware && isRepositoryRoot(directory) {
      layers = IgnoreHierarchy.infoExclude(root: root, directory: directory).map { [$0] } ?? []
    } else {
      layers = loadLayers(for: RelativePath.parent(directory))
    }
    let path = RelativePath.absolute(root, RelativePath.join(directory, fileName))
    if let contents = PosixFiles.readPrefix(
      path, limit: IgnoreHierarchy.maxIgnoreFileBytes, followLinks: followLinks)
    {
      let rules = IgnoreRules(base: directory, contents: contents)
      if !rules.patterns.isEmpty { layers.append(rules) }
    }
    layersByDirectory[directory] = layers
    return layers
  }

  private func isRepositoryRoot(_ directory: [UInt8]) -> Bool {
    PosixFiles.exists(RelativePath.absolute(root, RelativePath.join(directory, Array(".git".utf8))))
  }

  /// `.git/info/exclude` of the repository whose work tree starts at `directory`, if any.
  private static func infoExclude(root: [UInt8], directory: [UInt8]) -> IgnoreRules? {
    let path = RelativePath.absolute(
      root, RelativePath.join(directory, Array(".git/info/exclude".utf8)))
    guard let contents = PosixFiles.readPrefix(path, limit: maxIgnoreFileBytes) else {
      return nil
    }
    let rules = IgnoreRules(base: directory, contents: contents)
    return rules.patterns.isEmpty ? nil : rules
  }
}

/// The one list of generated and vendored paths that Sextant never indexes, even when no
/// ignore file mentions them.
///
/// The list is deliberately conservative: a name is on it only when a folder or file of that
/// name is machine-written in practically every project that has one. Ambiguous names such as
/// `build`, `dist`, `out`, `lib`, `vendor` or `venv` (Python's standard library has a `venv`
/// package) are left to `.gitignore` and `.sextantignore`, or recognised by a marker instead.
enum GeneratedPaths {
  /// Folder names skipped wherever they appear.
  static let folderNames: Set<[UInt8]> = Set(
    [
      // Swift, Xcode, CocoaPods
      ".build", "DerivedData", "Pods",
      // JavaScript and front-end tool caches and dependencies
      "node_modules", "bower_components", "jspm_packages", ".next", ".nuxt", ".svelte-kit",
      ".parcel-cache", ".turbo", ".angular",
      // Python caches, virtual environments and build eggs
      "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".tox", ".nox", ".venv",
      ".eggs", ".ipynb_checkpoints",
      // JVM, Dart, Haskell, Terraform tool state
      ".gradle", ".dart_tool", ".stack-work", ".terraform",
      // Sextant's own index
      ".sextant",
    ].map { Array($0.utf8) })

  /// Folder name prefixes: SwiftPM's alternative build folders (`.build-release`, `.build_x`).
  static let folderPrefixes: [[UInt8]] = [".build-", ".build_"].map { Array($0.utf8) }

  /// A folder with this name is generated when its parent holds one of the marker files:
  /// Cargo's and Maven's `target`, which is an ordinary word elsewhere.
  static let folderNamesWithSiblingMarkers: [[UInt8]: [[UInt8]]] = [
    Array("target".utf8): ["Cargo.toml", "pom.xml"].map { Array($0.utf8) }
  ]

  /// A folder holding this file is a Python virtual environment, whatever its name.
  static let virtualEnvironmentMarker = Array("pyvenv.cfg".utf8)

  /// A folder holding this file declares itself a cache (the Cache Directory Tagging
  /// convention, used by Cargo, ccache and others) when the file starts with ``cacheSignature``.
  static let cacheDirectoryTag = Array("CACHEDIR.TAG".utf8)
  static let cacheSignature = Array("Signature: 8a477f597d28d172789f06886806bc55".utf8)

  /// Version control metadata: never workspace content, skipped silently rather than counted.
  static let metadataFolderNames: Set<[UInt8]> = Set(
    [".git", ".hg", ".svn"].map { Array($0.utf8) })

  /// File name suffixes of minified bundles and source maps.
  static let fileSuffixes: [[UInt8]] = [
    ".min.js", ".min.mjs", ".min.cjs", ".min.css", ".js.map", ".mjs.map", ".css.map",
  ].map { Array($0.utf8) }

  /// Lock files written by package managers: long, machine-written and never code.
  static let fileNames: Set<[UInt8]> = Set(
    [
      "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "Cargo.lock",
      "poetry.lock", "Pipfile.lock", "uv.lock", "Gemfile.lock", "composer.lock",
      "Package.resolved", "go.sum", "flake.lock",
    ].map { Array($0.utf8) })

  /// Whether `name` is version control metadata.
  static func isMetadataFolder<Name: Collection<UInt8>>(_ name: Name) -> Bool {
    metadataFolderNames.contains(Array(name))
  }

  /// Whether the folder at `path` (relative to `root`) is generated, judging by its name and,
  /// for the marker rules, by the files next to or inside it.
  static func isGeneratedFolder(_ path: [UInt8], root: [UInt8]) -> Bool {
    let name = Array(RelativePath.name(path))
    if folderNames.contains(name) { return true }
    if folderPrefixes.contains(where: { name.starts(with: $0) }) { return true }
    if let markers = folderNamesWithSiblingMarkers[name] {
      let parent = RelativePath.parent(path)
      if markers.contains(where: {
        PosixFiles.exists(RelativePath.absolute(root, RelativePath.join(parent, $0)))
      }) {
        return true
      }
    }
    let folder = RelativePath.absolute(root, path)
    if PosixFiles.exists(RelativePath.join(folder, virtualEnvironmentMarker)) { return true }
    if let tag = PosixFiles.readPrefix(
      RelativePath.join(folder, cacheDirectoryTag), limit: cacheSignature.count),
      tag == cacheSignature
    {
      return true
    }
    return false
  }

  /// Whether the file named `name` is a generated bundle, source map or lock file.
  static func isGeneratedFile<Name: Collection<UInt8>>(_ name: Name) -> Bool {
    let bytes = Array(name)
    if fileNames.contains(bytes) { return true }
    return fileSuffixes.contains { suffix in
      bytes.count > suffix.count && bytes.suffix(suffix.count).elementsEqual(suffix)
    }
  }
}

/// Helpers for workspace-relative paths kept as UTF-8 bytes (`/`-separated, no leading `/`,
/// `""` for the root) while scanning, so names are compared and hashed without `String`
/// normalisation and turned into `String` only once, for the report.
enum RelativePath {
  static let separator = UInt8(ascii: "/")

  /// `directory/name`, or just `name` at the root.
  static func join(_ directory: [UInt8], _ name: [UInt8]) -> [UInt8] {
    if directory.isEmpty { return name }
    var path = directory
    path.reserveCapacity(directory.count + 1 + name.count)
    path.append(separator)
    path.append(contentsOf: name)
    return path
  }

  /// The directory holding `path` (`""` for top-level entries).
  static func parent(_ path: [UInt8]) -> [UInt8] {
    guard let slash = path.lastIndex(of: separator) else { return [] }
    return Array(path[..<slash])
  }

  /// The last component of `path`.
  static func name(_ path: [UInt8]) -> ArraySlice<UInt8> {
    guard let slash = path.lastIndex(of: separator) else { return path[...] }
    return path[(slash + 1)...]
  }

  /// Every proper ancestor directory of `path`, outermost first (`a`, `a/b` for `a/b/c`).
  static func ancestors(_ path: [UInt8]) -> [[UInt8]] {
    path.indices.filter { path[$0] == separator }.map { Array(path[..<$0]) }
  }

  /// The absolute path of `relative` below `root` (which has no trailing `/`).
  static func absolute(_ root: [UInt8], _ relative: [UInt8]) -> [UInt8] {
    relative.isEmpty ? root : join(root, relative)
  }

  /// Normalises a caller-supplied relative path: drops `.` components, empty components and
  /// a leading `./`; `nil` for an absolute path, a path leaving the root through `..`, or the
  /// root itself.
  static func normalize(_ path: String) -> [UInt8]? {
    if path.hasPrefix("/") { return nil }
    var components: [ArraySlice<UInt8>] = []
    for component in Array(path.utf8).split(separator: separator) {
      if component.elementsEqual(".".utf8) { continue }
      if component.elementsEqual("..".utf8) { return nil }
      components.append(component)
    }
    if components.isEmpty { return nil }
    return Array(components.joined(separator: [separator]))
  }

  /// `bytes` as a `String` when they are well-formed UTF-8, `nil` otherwise: a name that
  /// does not decode cannot be reported as a path without changing it.
  static func string<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String? {
    let array = Array(bytes)
    let invalid = array.withUnsafeBufferPointer {
      ContentSniffer.invalidByteCount($0, ignoringCutSequence: false)
    }
    return invalid == 0 ? String(decoding: array, as: UTF8.self) : nil
  }

  /// The root's path as bytes without a trailing `/` (except for `/` itself).
  static func rootBytes(_ path: String) -> [UInt8] {
    var bytes = Array(path.utf8)
    while bytes.count > 1 && bytes.last == separator { bytes.removeLast() }
    return bytes
  }
}

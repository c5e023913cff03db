extension VectorStore {
  /// Writes a file derived from the vectors (an index over them) beside the segments, with the
  /// same care as a manifest: temporary file, fsync, rename, directory fsync. Other files
  /// whose names start with `prefix` are removed afterwards: one current copy is kept.
  package func writeAuxiliaryFile(named name: String, bytes: [UInt8], replacingPrefix prefix: String) throws(StoreError) {
    guard !name.hasPrefix(Manifest.prefix), !name.hasPrefix(Self.segmentPrefix), name.hasPrefix(prefix), !name.contains("/")
    else { throw .invalidArgument("\(name) is not a name for an auxiliary file") }
    let temporary = directory + "/" + name + ".tmp"
    try StoreError.wrap { () throws(FileSystemError) in
      let file = try fileSystem.createFile(atPath: temporary)
      try file.write(bytes)
      try file.sync()
      try file.close()
      try fileSystem.rename(temporary, to: directory + "/" + name)
      try fileSystem.syncDirectory(atPath: directory)
    }
    let names = (try? fileSystem.contentsOfDirectory(atPath: directory)) ?? []
    for other in names where other.hasPrefix(prefix) && other != name && !other.hasSuffix(".tmp") {
      try? fileSystem.removeFile(atPath: directory + "/" + other)
    }
  }

  /// An auxiliary file, memory-mapped.
  package func mapAuxiliaryFile(named name: String) throws(StoreError) -> MappedRegion {
    try StoreError.wrap { () throws(FileSystemError) in try fileSystem.mapFile(atPath: directory + "/" + name) }
  }
}

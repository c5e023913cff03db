import Synchronization

/// An in-memory file system that models what survives a power cut, for crash tests.
///
/// Each file keeps the bytes written and the bytes last made durable by `sync`; each
/// directory keeps its entries and the entries last made durable by `syncDirectory`.
/// ``crash()`` throws away everything not durable, as a kernel losing its page cache would.
/// ``failAfter(operations:)`` makes the n-th mutating call (and all later ones) fail, so a
/// test can stop a commit between any write, fsync and rename. A byte capacity simulates a
/// full disk.
package final class SimulatedFileSystem: FileSystem {
  private struct Inode {
    var bytes: [UInt8] = []
    var durableBytes: [UInt8] = []
  }

  private struct State {
    var inodes: [Int: Inode] = [:]
    var nextInode = 1
    var entries: [String: Int] = [:]
    var durableEntries: [String: Int] = [:]
    var directories: Set<String> = ["/"]
    var mutations = 0
    var failAt: Int?
    var capacity: Int?
    var tornWriteSeed: UInt64?
  }

  private let state = Mutex(State())

  package init() {}

  /// Mutating calls made so far (create, write, sync, rename, remove, directory sync).
  package var mutationCount: Int { state.withLock { $0.mutations } }

  /// The `operations`-th mutating call from now, and every one after it, fails.
  package func failAfter(operations: Int) {
    state.withLock { $0.failAt = $0.mutations + operations }
  }

  /// Writes beyond this many bytes in total fail as a full disk would (`nil`: unlimited).
  package func setCapacity(_ bytes: Int?) {
    state.withLock { $0.capacity = bytes }
  }

  /// With a seed, a crash keeps a random prefix of each file's unsynced bytes (a torn write)
  /// instead of none of them.
  package func keepTornWrites(seed: UInt64?) {
    state.withLock { $0.tornWriteSeed = seed }
  }

  /// Loses everything not made durable, and lifts any pending failure.
  package func crash() {
    state.withLock { state in
      state.entries = state.durableEntries
      var random = state.tornWriteSeed ?? 0
      for (number, var inode) in state.inodes {
        var kept = inode.durableBytes
        if state.tornWriteSeed != nil, inode.bytes.count > kept.count, inode.bytes.starts(with: kept) {
          random = random &* 6364136223846793005 &+ 1442695040888963407
          let extra = Int((random >> 33) % UInt64(inode.bytes.count - kept.count + 1))
          kept = Array(inode.bytes.prefix(kept.count + extra))
        }
        inode.bytes = kept
        inode.durableBytes = kept
        state.inodes[number] = inode
      }
      state.failAt = nil
    }
  }

  /// Flips one byte of a file in place (durably), to test corruption detection.
  package func corrupt(path: String, at offset: Int) {
    state.withLock { state in
      guard let number = state.entries[path], var inode = state.inodes[number], offset < inode.bytes.count else { return }
      inode.bytes[offset] ^= 0x5A
      inode.durableBytes = inode.bytes
      state.inodes[number] = inode
    }
  }

  /// Cuts a file to `length` bytes (durably).
  package func truncate(path: String, to length: Int) {
    state.withLock { state in
      guard let number = state.entries[path], var inode = state.inodes[number] else { return }
      inode.bytes = Array(inode.bytes.prefix(length))
      inode.durableBytes = inode.bytes
      state.inodes[number] = inode
    }
  }

  package func createFile(atPath path: String) throws(FileSystemError) -> any WritableFile {
    try mutate("create", path) { (state) throws(FileSystemError) in
      guard state.directories.contains(Self.parent(of: path)) else {
        throw FileSystemError("create", path, "No such file or directory")
      }
      if let number = state.entries[path] {
        state.inodes[number]?.bytes = []
      } else {
        state.entries[path] = state.nextInode
        state.inodes[state.nextInode] = Inode()
        state.nextInode += 1
      }
    }
    guard let number = state.withLock({ $0.entries[path] }) else {
      throw FileSystemError("create", path, "No such file or directory")
    }
    return SimulatedWritableFile(fileSystem: self, inode: number, path: path)
  }

  package func rename(_ source: String, to destination: String) throws(FileSystemError) {
    try mutate("rename", source) { (state) throws(FileSystemError) in
      guard let number = state.entries.removeValue(forKey: source) else {
        throw FileSystemError("rename", source, "No such file or directory")
      }
      state.entries[destination] = number
    }
  }

  package func syncDirectory(atPath path: String) throws(FileSystemError) {
    try mutate("fsync directory", path) { state in
      let directory = path.hasSuffix("/") ? String(path.dropLast()) : path
      state.durableEntries = state.durableEntries.filter { Self.parent(of: $0.key) != directory }
      for (name, number) in state.entries where Self.parent(of: name) == directory {
        state.durableEntries[name] = number
      }
    }
  }

  package func removeFile(atPath path: String) throws(FileSystemError) {
    try mutate("remove", path) { state in state.entries.removeValue(forKey: path) }
  }

  package func createDirectory(atPath path: String) throws(FileSystemError) {
    state.withLock { state in
      var prefix = ""
      for component in path.split(separator: "/") {
        prefix += "/" + component
        state.directories.insert(prefix)
      }
    }
  }

  package func contentsOfDirectory(atPath path: String) throws(FileSystemError) -> [String] {
    let directory = path.hasSuffix("/") ? String(path.dropLast()) : path
    return state.withLock { state in
      state.entries.keys.filter { Self.parent(of: $0) == directory }.map { String($0.dropFirst(directory.count + 1)) }
        .sorted()
    }
  }

  package func readFile(atPath path: String) throws(FileSystemError) -> [UInt8] {
    try state.withLock { (state) throws(FileSystemError) -> [UInt8] in
      guard let number = state.entries[path], let inode = state.inodes[number] else {
        throw FileSystemError("open", path, "No such file or directory")
      }
      return inode.bytes
    }
  }

  package func mapFile(atPath path: String) throws(FileSystemError) -> MappedRegion {
    let bytes = try readFile(atPath: path)
    let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 64)
    bytes.withUnsafeBytes { storage.copyMemory(from: $0) }
    return MappedRegion(
      bytes: UnsafeRawBufferPointer(start: storage.baseAddress, count: bytes.count),
      release: { region in UnsafeMutableRawPointer(mutating: region.baseAddress)?.deallocate() })
  }

  package func fileSize(atPath path: String) throws(FileSystemError) -> Int {
    try readFile(atPath: path).count
  }

  fileprivate func append(_ bytes: UnsafeRawBufferPointer, inode number: Int, path: String) throws(FileSystemError) {
    try mutate("write", path) { (state) throws(FileSystemError) in
      if let capacity = state.capacity {
        let used = state.inodes.values.reduce(0) { $0 + $1.bytes.count }
        guard used + bytes.count <= capacity else { throw FileSystemError("write", path, "No space left on device") }
      }
      state.inodes[number]?.bytes.append(contentsOf: bytes)
    }
  }

  fileprivate func sync(inode number: Int, path: String) throws(FileSystemError) {
    try mutate("fsync", path) { state in
      if let bytes = state.inodes[number]?.bytes { state.inodes[number]?.durableBytes = bytes }
    }
  }

  private func mutate(
    _ operation: String, _ path: String, _ body: (inout State) throws(FileSystemError) -> Void
  ) throws(FileSystemError) {
    try state.withLock { (state) throws(FileSystemError) in
      state.mutations += 1
      if let failAt = state.failAt, state.mutations >= failAt {
        throw FileSystemError(operation, path, "simulated crash")
      }
      try body(&state)
    }
  }

  private static func parent(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "" }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }
}

private final class SimulatedWritableFile: WritableFile {
  let fileSystem: SimulatedFileSystem
  let inode: Int
  let path: String

  init(fileSystem: SimulatedFileSystem, inode: Int, path: String) {
    self.fileSystem = fileSystem
    self.inode = inode
    self.path = path
  }

  func write(_ bytes: UnsafeRawBufferPointer) throws(FileSystemError) {
    try fileSystem.append(bytes, inode: inode, path: path)
  }

  func sync() throws(FileSystemError) { try fileSystem.sync(inode: inode, path: path) }

  func close() throws(FileSystemError) {}
}

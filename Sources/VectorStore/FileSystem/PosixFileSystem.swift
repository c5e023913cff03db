import Glibc

/// The real file system, through POSIX calls: `fsync` on files and directories, `rename(2)`
/// for the commit point, `mmap` for segments.
package struct PosixFileSystem: FileSystem {
  package init() {}

  package func createFile(atPath path: String) throws(FileSystemError) -> any WritableFile {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw Self.failure("create", path) }
    return PosixWritableFile(descriptor: descriptor, path: path)
  }

  package func rename(_ source: String, to destination: String) throws(FileSystemError) {
    guard Glibc.rename(source, destination) == 0 else { throw Self.failure("rename to \(destination)", source) }
  }

  package func syncDirectory(atPath path: String) throws(FileSystemError) {
    let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard descriptor >= 0 else { throw Self.failure("open directory", path) }
    defer { close(descriptor) }
    guard fsync(descriptor) == 0 else { throw Self.failure("fsync directory", path) }
  }

  package func removeFile(atPath path: String) throws(FileSystemError) {
    guard unlink(path) == 0 || errno == ENOENT else { throw Self.failure("remove", path) }
  }

  package func createDirectory(atPath path: String) throws(FileSystemError) {
    var prefix = path.hasPrefix("/") ? "" : "."
    for component in path.split(separator: "/") {
      prefix += "/" + component
      guard mkdir(prefix, 0o755) == 0 || errno == EEXIST else { throw Self.failure("create directory", prefix) }
    }
  }

  package func contentsOfDirectory(atPath path: String) throws(FileSystemError) -> [String] {
    guard let directory = opendir(path) else {
      if errno == ENOENT { return [] }
      throw Self.failure("list", path)
    }
    defer { closedir(directory) }
    var names: [String] = []
    while let entry = readdir(directory) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names.sorted()
  }

  package func readFile(atPath path: String) throws(FileSystemError) -> [UInt8] {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw Self.failure("open", path) }
    defer { close(descriptor) }
    var result: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        throw Self.failure("read", path)
      }
      if count == 0 { return result }
      result.append(contentsOf: buffer[0..<count])
    }
  }

  package func mapFile(atPath path: String) throws(FileSystemError) -> MappedRegion {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw Self.failure("open", path) }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else { throw Self.failure("stat", path) }
    let size = Int(info.st_size)
    guard size > 0 else {
      return MappedRegion(bytes: UnsafeRawBufferPointer(start: nil, count: 0), release: { _ in })
    }
    let address = mmap(nil, size, PROT_READ, MAP_SHARED, descriptor, 0)
    guard let address, address != MAP_FAILED else { throw Self.failure("mmap", path) }
    return MappedRegion(
      bytes: UnsafeRawBufferPointer(start: address, count: size),
      release: { region in _ = munmap(UnsafeMutableRawPointer(mutating: region.baseAddress), region.count) })
  }

  package func fileSize(atPath path: String) throws(FileSystemError) -> Int {
    var info = stat()
    guard stat(path, &info) == 0 else { throw Self.failure("stat", path) }
    return Int(info.st_size)
  }

  static func failure(_ operation: String, _ path: String) -> FileSystemError {
    FileSystemError(operation, path, String(cString: strerror(errno)))
  }
}

/// An open file descriptor written with `write(2)` until everything is out.
final class PosixWritableFile: WritableFile {
  private var descriptor: Int32
  private let path: String

  init(descriptor: Int32, path: String) {
    self.descriptor = descriptor
    self.path = path
  }

  deinit { if descriptor >= 0 { Glibc.close(descriptor) } }

  func write(_ bytes: UnsafeRawBufferPointer) throws(FileSystemError) {
    var offset = 0
    while offset < bytes.count {
      let written = Glibc.write(descriptor, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
      if written < 0 {
        if errno == EINTR { continue }
        throw PosixFileSystem.failure("write", path)
      }
      offset += written
    }
  }

  func sync() throws(FileSystemError) {
    guard fsync(descriptor) == 0 else { throw PosixFileSystem.failure("fsync", path) }
  }

  func close() throws(FileSystemError) {
    let result = Glibc.close(descriptor)
    descriptor = -1
    guard result == 0 else { throw PosixFileSystem.failure("close", path) }
  }
}

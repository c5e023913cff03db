#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A whole file mapped read-only (private), unmapped when the last reference goes away.
///
/// Mapping instead of reading keeps the 90 MB of weights out of the heap: pages are shared
/// with the page cache and only those the forward pass touches become resident.
final class MappedFile: @unchecked Sendable {
  // @unchecked: the mapping is read-only and immutable for the object's whole life.

  /// The file's bytes; empty (nil base address) for an empty file, which cannot be mapped.
  let bytes: UnsafeRawBufferPointer

  /// Maps `path`; the error carries the reason `open`, `fstat` or `mmap` gave.
  init(path: String) throws(SafeTensorsError) {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw Self.failure(path, "open") }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw Self.failure(path, "fstat") }
    let size = Int(info.st_size)
    guard size > 0 else {
      bytes = UnsafeRawBufferPointer(start: nil, count: 0)
      return
    }
    let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0)
    guard let address, address != MAP_FAILED else { throw Self.failure(path, "mmap") }
    bytes = UnsafeRawBufferPointer(start: address, count: size)
  }

  deinit {
    if let base = bytes.baseAddress {
      munmap(UnsafeMutableRawPointer(mutating: base), bytes.count)
    }
  }

  private static func failure(_ path: String, _ call: String) -> SafeTensorsError {
    let reason = String(cString: strerror(errno))
    return SafeTensorsError(file: path, problem: .cannotOpen(reason: "\(call): \(reason)"))
  }
}

import CZstd
import Synchronization

/// Reusable zstd decompression contexts.
///
/// Creating a context costs about 10 µs, close to half the time to decode a 16-vector block:
/// a cache read of a compressed block would pay it every time. Contexts are checked out for
/// one call and returned, so any number of threads may decode at once; the pool keeps at most
/// a few idle ones.
final class ZstdContextPool: Sendable {
  static let decompression = ZstdContextPool()

  private struct Context: @unchecked Sendable { let pointer: OpaquePointer }
  private let idle = Mutex<[Context]>([])
  private let maxIdle = 8

  func withContext<R>(_ body: (OpaquePointer) throws(ZstdError) -> R) throws(ZstdError) -> R {
    let pointer: OpaquePointer
    if let reused = idle.withLock({ $0.popLast() }) {
      pointer = reused.pointer
    } else {
      guard let created = ZSTD_createDCtx() else { throw .outOfMemory }
      pointer = created
    }
    defer {
      let kept = idle.withLock { contexts -> Bool in
        guard contexts.count < maxIdle else { return false }
        contexts.append(Context(pointer: pointer))
        return true
      }
      if !kept { ZSTD_freeDCtx(pointer) }
    }
    return try body(pointer)
  }
}

/// A run of fixed-size elements, either owned (a Swift array) or borrowed from bytes that
/// someone else keeps alive, typically a memory-mapped index file.
///
/// Loading an index must not copy its inverted lists: a borrowed run reads straight from the
/// mapping. The first mutation copies only the run being changed into an owned array (a list at a
/// time, not the whole file), so a reader holding the old value keeps seeing the old bytes.
///
/// - Important: a borrowed run is only valid while its bytes are. `owner`, when given, is retained
///   for exactly that purpose; a caller passing a bare mapping must keep it mapped for as long as
///   any index value built on it is alive.
package struct ElementStorage<Element: BitwiseCopyable>: @unchecked Sendable {
  // @unchecked: the borrowed bytes are never written through this type, and owned arrays are
  // values; sharing between threads is therefore read-only sharing.

  private enum Backing {
    case owned([Element])
    case borrowed(UnsafeBufferPointer<Element>, owner: AnyObject?)
  }

  private var backing: Backing

  package init() {
    backing = .owned([])
  }

  package init(_ elements: [Element]) {
    backing = .owned(elements)
  }

  package init(borrowing elements: UnsafeBufferPointer<Element>, owner: AnyObject?) {
    backing = .borrowed(elements, owner: owner)
  }

  package var count: Int {
    switch backing {
    case .owned(let array): array.count
    case .borrowed(let buffer, _): buffer.count
    }
  }

  /// Whether the elements live in borrowed (mapped) memory.
  package var isBorrowed: Bool {
    if case .borrowed = backing { return true }
    return false
  }

  /// Bytes of heap this run owns (borrowed runs own none); used for memory accounting.
  package var ownedByteCount: Int {
    switch backing {
    case .owned(let array): array.capacity * MemoryLayout<Element>.stride
    case .borrowed: 0
    }
  }

  @inline(__always)
  package func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
    switch backing {
    case .owned(let array): try array.withUnsafeBufferPointer(body)
    case .borrowed(let buffer, _): try body(buffer)
    }
  }

  package var elements: [Element] {
    switch backing {
    case .owned(let array): array
    case .borrowed(let buffer, _): Array(buffer)
    }
  }

  /// Reserves exact capacity so bulk builds do not leave arrays up to twice their size.
  package mutating func reserveCapacity(_ capacity: Int) {
    var array = takeOwned()
    array.reserveCapacity(capacity)
    backing = .owned(array)
  }

  package mutating func append(contentsOf elements: UnsafeBufferPointer<Element>) {
    var array = takeOwned()
    array.append(contentsOf: elements)
    backing = .owned(array)
  }

  package mutating func append(_ element: Element) {
    var array = takeOwned()
    array.append(element)
    backing = .owned(array)
  }

  /// Keeps the groups of `stride` elements whose group index passes `keep`, in order.
  package mutating func retainGroups(stride: Int, where keep: (Int) -> Bool) {
    var array = takeOwned()
    let groups = stride > 0 ? array.count / stride : 0
    var write = 0
    for group in 0..<groups where keep(group) {
      if write != group {
        for offset in 0..<stride { array[write * stride + offset] = array[group * stride + offset] }
      }
      write += 1
    }
    array.removeLast(array.count - write * stride)
    backing = .owned(array)
  }

  /// Moves the owned array out (leaving an empty one) so appends mutate it in place without a
  /// copy; borrowed elements are copied once here.
  private mutating func takeOwned() -> [Element] {
    switch backing {
    case .owned(let array):
      backing = .owned([])
      return array
    case .borrowed(let buffer, _):
      return Array(buffer)
    }
  }
}

/// The entries of one IVF cell: ids and their codes, stored contiguously so a probe is a linear
/// scan over `count × codeSize` bytes. Either owned or read straight from a mapped file.
package struct InvertedList: Sendable {
  package internal(set) var ids: ElementStorage<Int64>
  /// `ids.count × codeSize` bytes.
  package internal(set) var codes: ElementStorage<UInt8>

  package init() {
    ids = ElementStorage()
    codes = ElementStorage()
  }

  init(ids: ElementStorage<Int64>, codes: ElementStorage<UInt8>) {
    self.ids = ids
    self.codes = codes
  }

  package var count: Int { ids.count }

  /// Removes entries whose id is in `removed`; returns how many went. A list none of whose ids
  /// is removed is left untouched (and stays mapped).
  mutating func remove(_ removed: Set<Int64>, codeSize: Int) -> Int {
    guard let mask = BatchValidation.keepMask(ids, removing: removed) else { return 0 }
    ids.retainGroups(stride: 1) { mask[$0] }
    codes.retainGroups(stride: codeSize) { mask[$0] }
    return mask.lazy.filter { !$0 }.count
  }
}

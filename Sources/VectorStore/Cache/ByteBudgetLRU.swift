/// A least-recently-used map that holds at most a byte budget of values.
///
/// Nodes live in one array linked by indices (no per-node allocation, no reference counting
/// on the hot path); a dictionary finds a key's node. Not thread-safe: its owner locks.
struct ByteBudgetLRU<Key: Hashable, Value> {
  fileprivate struct Node {
    var key: Key
    var value: Value?
    var cost: Int
    var previous: Int
    var next: Int
  }

  fileprivate var nodes: [Node] = []
  fileprivate var index: [Key: Int] = [:]
  private var freeNodes: [Int] = []
  private var head = -1
  private var tail = -1
  private(set) var bytes = 0
  var budget: Int

  init(budget: Int) {
    self.budget = budget
  }

  var count: Int { index.count }

  /// The value for `key`, marking it most recently used.
  mutating func value(for key: Key) -> Value? {
    guard let node = index[key] else { return nil }
    moveToFront(node)
    return nodes[node].value
  }

  /// Whether `key` is held, marking it most recently used.
  @discardableResult
  mutating func touch(_ key: Key) -> Bool {
    guard let node = index[key] else { return false }
    moveToFront(node)
    return true
  }

  /// Inserts or replaces, then evicts least recently used entries until within budget; a
  /// value larger than the whole budget is not kept. Returns the evicted keys.
  @discardableResult
  mutating func insert(_ value: Value, for key: Key, cost: Int) -> [Key] {
    if let existing = index[key] { remove(node: existing) }
    guard cost <= budget else { return [] }
    let node: Int
    let fresh = Node(key: key, value: value, cost: cost, previous: -1, next: head)
    if let reused = freeNodes.popLast() {
      node = reused
      nodes[node] = fresh
    } else {
      node = nodes.count
      nodes.append(fresh)
    }
    if head >= 0 { nodes[head].previous = node }
    head = node
    if tail < 0 { tail = node }
    index[key] = node
    bytes += cost
    return trimToBudget()
  }

  /// Evicts least recently used entries until the held bytes fit the budget.
  @discardableResult
  mutating func trimToBudget() -> [Key] {
    var evicted: [Key] = []
    while bytes > budget, tail >= 0 {
      evicted.append(nodes[tail].key)
      remove(node: tail)
    }
    return evicted
  }

  mutating func removeAll() {
    nodes.removeAll()
    index.removeAll()
    freeNodes.removeAll()
    head = -1
    tail = -1
    bytes = 0
  }

  fileprivate mutating func moveToFront(_ node: Int) {
    guard node != head else { return }
    unlink(node)
    nodes[node].previous = -1
    nodes[node].next = head
    if head >= 0 { nodes[head].previous = node }
    head = node
    if tail < 0 { tail = node }
  }

  private mutating func unlink(_ node: Int) {
    let previous = nodes[node].previous
    let next = nodes[node].next
    if previous >= 0 { nodes[previous].next = next } else { head = next }
    if next >= 0 { nodes[next].previous = previous } else { tail = previous }
  }

  private mutating func remove(node: Int) {
    unlink(node)
    index.removeValue(forKey: nodes[node].key)
    bytes -= nodes[node].cost
    nodes[node].value = nil
    freeNodes.append(node)
  }
}

extension ByteBudgetLRU where Value == [Float] {
  /// Copies the vector for `key` into `destination` (marking it most recently used) without
  /// retaining it: the read path of the decoded tier.
  mutating func copyValue(for key: Key, into destination: UnsafeMutableBufferPointer<Float>) -> Bool {
    guard let node = index[key] else { return false }
    moveToFront(node)
    return nodes[node].value?.withUnsafeBufferPointer { _ = destination.initialize(fromContentsOf: $0) } != nil
  }
}

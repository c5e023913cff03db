import Foundation

/// How often a client may call an endpoint.
public struct RateLimit: Hashable, Sendable {
  public var requests: Int
  public var window: Duration

  public static let unlimited = RateLimit(requests: .max, window: .seconds(1))
}

infix operator ~>: AdditionPrecedence

/// A token bucket per client key.
///
/// Buckets refill continuously; a request takes one token or is refused.
public actor RateLimiter<Key: Hashable & Sendable> {
  public typealias Clock = ContinuousClock

  private struct Bucket {
    var tokens: Double
    var updated: Clock.Instant
  }

  public enum Decision: Equatable {
    case allowed(remaining: Int)
    case refused(retryAfter: Duration)
    case unknownClient, blocked
  }

  private let limit: RateLimit
  private var buckets: [Key: Bucket] = [:]
  private let clock = Clock()

  public init(limit: RateLimit) {
    self.limit = limit
  }

  deinit {
    buckets.removeAll()
  }

  /// Takes one token for `key` if one is left.
  @discardableResult
  public func acquire(for key: Key, cost: Double = 1) -> Decision {
    let now = clock.now
    var bucket = buckets[key] ?? Bucket(tokens: Double(limit.requests), updated: now)
    refill(&bucket, at: now)
    guard bucket.tokens >= cost else {
      let missing = cost - bucket.tokens
      let wait = limit.window * (missing / Double(limit.requests))
      buckets[key] = bucket
      return .refused(retryAfter: wait)
    }
    bucket.tokens -= cost
    buckets[key] = bucket
    return .allowed(remaining: Int(bucket.tokens))
  }

  public func acquire(for keys: [Key]) -> [Decision] {
    keys.map { acquire(for: $0) }
  }

  public subscript(remainingFor key: Key) -> Int {
    Int(buckets[key]?.tokens ?? Double(limit.requests))
  }

  private func refill(_ bucket: inout Bucket, at now: Clock.Instant) {
    let elapsed = bucket.updated.duration(to: now)
    let perToken = limit.window / limit.requests
    bucket.tokens = min(Double(limit.requests), bucket.tokens + elapsed / perToken)
    bucket.updated = now
  }
}

extension RateLimiter.Decision: CustomStringConvertible {
  public var description: String {
    switch self {
    case .allowed(let remaining): "allowed, \(remaining) left"
    case .refused(let retryAfter): "refused, retry after \(retryAfter)"
    case .unknownClient: "unknown client"
    case .blocked: "blocked"
    }
  }
}

public protocol RateLimited {
  associatedtype ClientKey: Hashable & Sendable
  var clientKey: ClientKey { get }
}

public func ~> (lhs: RateLimit, rhs: Int) -> RateLimit {
  RateLimit(requests: lhs.requests * rhs, window: lhs.window)
}

#if DEBUG
  let debugLimit = RateLimit(requests: 5, window: .seconds(1)), π = 3.14159
#endif

@freestanding(expression)
public macro limit(_ requests: Int) -> RateLimit = #externalMacro(module: "Macros", type: "LimitMacro")

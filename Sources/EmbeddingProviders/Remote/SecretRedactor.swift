import Foundation

/// Replaces well-known secret formats in text about to leave the machine (a remote embedding
/// call) with a placeholder naming their kind, and counts what it replaced. The local model
/// needs none of this: its text never leaves the process.
///
/// Formats with a fixed shape (cloud access key ids, private key blocks, tokens of well-known
/// services, JWTs) are replaced wherever they appear. A value assigned to a name like
/// `password`, `secret` or `token` is replaced when it looks random (at least 12 characters and
/// 3.5 bits of entropy per character), so that `password = prompt()` or `token = ""` stay.
package struct SecretRedactor: Sendable {
  package struct Redaction: Sendable, Equatable {
    package var text: String
    /// Replacements made, by kind.
    package var counts: [String: Int]
    package var total: Int { counts.values.reduce(0, +) }
  }

  struct Rule: @unchecked Sendable {
    // @unchecked: NSRegularExpression is immutable once made and documented as thread-safe.
    var kind: String
    var expression: NSRegularExpression
    /// The capture group replaced (0: the whole match).
    var group: Int
    var needsEntropy: Bool
  }

  static let rules: [Rule] = {
    func rule(_ kind: String, _ pattern: String, group: Int = 0, entropy: Bool = false) -> Rule? {
      guard let expression = try? NSRegularExpression(pattern: pattern, options: []) else { return nil }
      return Rule(kind: kind, expression: expression, group: group, needsEntropy: entropy)
    }
    return [
      rule("private-key", "-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\\s\\S]*?-----END [A-Z0-9 ]*PRIVATE KEY-----"),
      rule("aws-access-key-id", "\\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\\b"),
      rule(
        "aws-secret-access-key",
        "(?i)(?:aws_secret_access_key|aws_secret_key|secretaccesskey)[\"']?\\s*[:=]\\s*[\"']?([A-Za-z0-9/+=]{40})", group: 1),
      rule("github-token", "\\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\\b|\\bgithub_pat_[A-Za-z0-9_]{22,}"),
      rule("slack-token", "\\bxox[abposr]-[A-Za-z0-9-]{10,}"),
      rule("google-api-key", "\\bAIza[0-9A-Za-z_-]{35}\\b"),
      rule("stripe-key", "\\b(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,}"),
      rule("jwt", "\\beyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}"),
      rule("bearer-token", "(?i)\\bbearer\\s+([A-Za-z0-9._~+/-]{20,}=*)", group: 1),
      rule(
        "assigned-secret",
        "(?i)\\b[A-Za-z_]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|client[_-]?secret)[A-Za-z_]*[\"']?\\s*[:=]{1,2}\\s*[\"']([^\"'\\s]{12,})[\"']",
        group: 1, entropy: true),
    ].compactMap { $0 }
  }()

  package init() {}

  package func redact(_ text: String) -> Redaction {
    var result = text
    var counts: [String: Int] = [:]
    for rule in Self.rules {
      let source = result as NSString
      let matches = rule.expression.matches(in: result, range: NSRange(location: 0, length: source.length))
      guard !matches.isEmpty else { continue }
      let mutable = NSMutableString(string: result)
      // Back to front, so earlier ranges stay valid.
      for match in matches.reversed() {
        let range = match.range(at: rule.group)
        guard range.location != NSNotFound else { continue }
        let value = source.substring(with: range)
        if rule.needsEntropy, Self.entropy(of: value) < 3.5 || value.hasPrefix("[REDACTED") { continue }
        mutable.replaceCharacters(in: range, with: "[REDACTED:\(rule.kind)]")
        counts[rule.kind, default: 0] += 1
      }
      result = mutable as String
    }
    return Redaction(text: result, counts: counts)
  }

  /// Shannon entropy in bits per character.
  static func entropy(of text: String) -> Double {
    let characters = Array(text.unicodeScalars)
    guard !characters.isEmpty else { return 0 }
    var frequencies: [Unicode.Scalar: Int] = [:]
    for character in characters { frequencies[character, default: 0] += 1 }
    let count = Double(characters.count)
    return frequencies.values.reduce(0) { total, frequency in
      let share = Double(frequency) / count
      return total - share * log2(share)
    }
  }
}

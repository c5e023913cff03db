import Foundation

/// Where AWS credentials and the region come from, in the order the AWS tools use:
/// the environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`), then the
/// profile (`AWS_PROFILE`, else `default`) in the shared credentials file
/// (`AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`), then in the config file
/// (`AWS_CONFIG_FILE`, else `~/.aws/config`, where profiles are `[profile NAME]`). The region
/// comes from `AWS_REGION`, `AWS_DEFAULT_REGION`, or the profile's `region` in the config file.
///
/// Secrets never leave through this type: errors name the files and variables looked at,
/// never a value, and the credentials' description hides the secret and the token.
package struct AWSCredentialChain: Sendable {
  package var environment: [String: String]
  package var homeDirectory: String

  package init(
    environment: [String: String] = ProcessInfo.processInfo.environment,
    homeDirectory: String = FileManager.default.homeDirectoryForCurrentUser.path
  ) {
    self.environment = environment
    self.homeDirectory = homeDirectory
  }

  package struct Resolved: Sendable, CustomStringConvertible {
    package var credentials: SignatureV4.Credentials
    package var region: String?
    /// Where the credentials were found (`environment`, or `profile work in /…/credentials`).
    package var source: String

    package var description: String {
      "AWS credentials \(credentials.accessKeyID.prefix(4))… from \(source)"
        + (credentials.sessionToken == nil ? "" : " with a session token") + (region.map { ", region \($0)" } ?? "")
    }
  }

  package struct Failure: Error, CustomStringConvertible, Sendable {
    package var description: String
  }

  package var profile: String { nonEmpty(environment["AWS_PROFILE"]) ?? "default" }

  var credentialsFile: String {
    nonEmpty(environment["AWS_SHARED_CREDENTIALS_FILE"]) ?? homeDirectory + "/.aws/credentials"
  }

  var configFile: String { nonEmpty(environment["AWS_CONFIG_FILE"]) ?? homeDirectory + "/.aws/config" }

  package func resolve() throws(Failure) -> Resolved {
    let configSections = (try? INIFile.parse(contentsOf: configFile)) ?? [:]
    // In the config file the default profile is `[default]`, the others `[profile NAME]`.
    let configProfile = configSections[profile == "default" ? "default" : "profile \(profile)"] ?? configSections[profile] ?? [:]
    let region = nonEmpty(environment["AWS_REGION"]) ?? nonEmpty(environment["AWS_DEFAULT_REGION"]) ?? nonEmpty(configProfile["region"])

    let key = nonEmpty(environment["AWS_ACCESS_KEY_ID"])
    let secret = nonEmpty(environment["AWS_SECRET_ACCESS_KEY"])
    if let key, let secret {
      return Resolved(
        credentials: .init(accessKeyID: key, secretAccessKey: secret, sessionToken: nonEmpty(environment["AWS_SESSION_TOKEN"])),
        region: region, source: "the environment")
    }
    if (key == nil) != (secret == nil) {
      throw Failure(description: "only one of AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY is set; set both, or neither to use a profile")
    }
    for (path, section) in [(credentialsFile, (try? INIFile.parse(contentsOf: credentialsFile))?[profile]), (configFile, configProfile)] {
      guard let section, let key = nonEmpty(section["aws_access_key_id"]) else { continue }
      guard let secret = nonEmpty(section["aws_secret_access_key"]) else {
        throw Failure(description: "profile \(profile) in \(path) has aws_access_key_id but no aws_secret_access_key")
      }
      return Resolved(
        credentials: .init(accessKeyID: key, secretAccessKey: secret, sessionToken: nonEmpty(section["aws_session_token"])),
        region: region, source: "profile \(profile) in \(path)")
    }
    throw Failure(
      description: "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or give profile \(profile) "
        + "aws_access_key_id and aws_secret_access_key in \(credentialsFile) or \(configFile) (AWS_PROFILE picks another profile)")
  }

  private func nonEmpty(_ value: String?) -> String? {
    guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
    return value
  }
}

/// The INI dialect of the AWS shared files: `[section]` headers, `key = value` lines, `#` and
/// `;` comments; keys are case-insensitive, later duplicates win.
enum INIFile {
  static func parse(contentsOf path: String) throws -> [String: [String: String]] {
    parse(try String(contentsOfFile: path, encoding: .utf8))
  }

  static func parse(_ text: String) -> [String: [String: String]] {
    var sections: [String: [String: String]] = [:]
    var current: String?
    for raw in text.split(whereSeparator: \.isNewline) {
      let line = raw.trimmingCharacters(in: .whitespaces)
      if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
      if line.hasPrefix("["), line.hasSuffix("]") {
        let name = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
        current = name.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        if let current, sections[current] == nil { sections[current] = [:] }
        continue
      }
      guard let current, let equals = line.firstIndex(of: "=") else { continue }
      let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
      let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
      sections[current, default: [:]][key] = value
    }
    return sections
  }
}

/// Files that commonly hold secrets (environment files, private keys, keystores, credential
/// files): never indexed unless the user allows them by name, whatever model embeds them, so
/// that neither a remote provider nor a shared index snapshot ever holds their contents.
/// Written in `.gitignore` syntax; templates meant to be committed (`.env.example`) stay in.
enum SecretFiles {
  static let patterns = [
    ".env", ".env.*", "!.env.example", "!.env.sample", "!.env.template", ".envrc",
    "*.pem", "*.key", "*.p12", "*.pfx", "*.jks", "*.keystore", "*.kdbx", "*.tfvars",
    "id_rsa*", "id_dsa*", "id_ecdsa*", "id_ed25519*",
    ".netrc", ".pgpass", ".git-credentials", ".npmrc", ".pypirc", "credentials", "credentials.json",
  ]

  /// The rules, with the user's allowed patterns (`allowSecretFiles`) taking precedence.
  static func rules(allowing allowed: [String]) -> IgnoreRules {
    IgnoreRules(base: [], lines: patterns + allowed.map { "!" + $0 })
  }
}

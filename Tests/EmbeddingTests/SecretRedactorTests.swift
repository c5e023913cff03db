import Testing

@testable import EmbeddingProviders

/// What must not leave the machine is replaced before a remote call; code around it stays.
struct SecretRedactorTests {
  let redactor = SecretRedactor()

  @Test func wellKnownFormatsAreReplacedAndCounted() {
    let text = """
      AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
      aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
      headers = {"Authorization": "Bearer abcdefghijklmnopqrstuvwxyz0123456789"}
      GITHUB = "ghp_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"
      SLACK = "xoxb-123456789012-abcdefghijkl"
      GOOGLE = "AIzaSyA-abcdefghijklmnopqrstuvwxyz01234"
      STRIPE = "sk_live_abcdefghijklmnop1234"
      JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"
      -----BEGIN RSA PRIVATE KEY-----
      MIIEowIBAAKCAQEAvyJ8
      -----END RSA PRIVATE KEY-----
      """
    let redaction = redactor.redact(text)
    for secret in [
      "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "abcdefghijklmnopqrstuvwxyz0123456789",
      "ghp_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ", "xoxb-123456789012", "AIzaSyA-abcdefghijklmnopqrstuvwxyz01234",
      "sk_live_abcdefghijklmnop1234", "eyJhbGciOiJIUzI1NiJ9", "MIIEowIBAAKCAQEAvyJ8",
    ] {
      #expect(!redaction.text.contains(secret), "\(secret) left in")
    }
    #expect(
      redaction.counts == [
        "aws-access-key-id": 1, "aws-secret-access-key": 1, "bearer-token": 1, "github-token": 1, "slack-token": 1,
        "google-api-key": 1, "stripe-key": 1, "jwt": 1, "private-key": 1,
      ])
    #expect(redaction.text.contains("AWS_ACCESS_KEY_ID = \"[REDACTED:aws-access-key-id]\""), "the code around stays")
  }

  @Test func randomLookingAssignmentsGoAndOrdinaryCodeStays() {
    let kept = """
      password = prompt("Password: ")
      token = ""
      api_key = os.environ["API_KEY"]
      secret_name = "database-password-v2"
      def refresh_token(self): return self.token
      """
    let untouched = redactor.redact(kept)
    #expect(untouched.text == kept && untouched.total == 0)
    let leaked = redactor.redact(#"DB_PASSWORD = "x9$Lq2!vTz8#pR4m"  # prod"#)
    #expect(leaked.text == #"DB_PASSWORD = "[REDACTED:assigned-secret]"  # prod"#)
    #expect(leaked.counts == ["assigned-secret": 1])
    let client = redactor.redact(#"{"client_secret": "8f3kLq0ZpW2xN7vB4tRy"}"#)
    #expect(client.total == 1 && !client.text.contains("8f3kLq0ZpW2xN7vB4tRy"))
  }
}

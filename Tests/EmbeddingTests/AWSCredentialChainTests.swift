import Foundation
import Testing

@testable import EmbeddingProviders

/// AWS credentials from the environment, then the shared credentials and config files.
struct AWSCredentialChainTests {
  static func home(credentials: String?, config: String?) throws -> String {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("aws-home-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: home.appendingPathComponent(".aws"), withIntermediateDirectories: true)
    if let credentials { try Data(credentials.utf8).write(to: home.appendingPathComponent(".aws/credentials")) }
    if let config { try Data(config.utf8).write(to: home.appendingPathComponent(".aws/config")) }
    return home.path
  }

  static let credentialsFile = """
    # test
    [default]
    aws_access_key_id = AKIDDEFAULT
    aws_secret_access_key = defaultsecretdefaultsecret

    [work]
    aws_access_key_id=AKIDWORK
    aws_secret_access_key=worksecretworksecret
    aws_session_token = worktoken
    """
  static let configFile = """
    [default]
    region = eu-west-1
    [profile work]
    region = us-east-2
    [profile only-in-config]
    aws_access_key_id = AKIDCONFIG
    aws_secret_access_key = configsecretconfigsecret
    """

  @Test func theEnvironmentComesFirstThenProfiles() throws {
    let home = try Self.home(credentials: Self.credentialsFile, config: Self.configFile)
    defer { try? FileManager.default.removeItem(atPath: home) }
    let fromEnvironment = try AWSCredentialChain(
      environment: ["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "envsecret", "AWS_SESSION_TOKEN": "envtoken", "AWS_REGION": "ap-south-1"],
      homeDirectory: home
    ).resolve()
    #expect(fromEnvironment.credentials == .init(accessKeyID: "AKIDENV", secretAccessKey: "envsecret", sessionToken: "envtoken"))
    #expect(fromEnvironment.region == "ap-south-1" && fromEnvironment.source == "the environment")

    let byDefault = try AWSCredentialChain(environment: [:], homeDirectory: home).resolve()
    #expect(byDefault.credentials.accessKeyID == "AKIDDEFAULT" && byDefault.credentials.sessionToken == nil)
    #expect(byDefault.region == "eu-west-1")

    let work = try AWSCredentialChain(environment: ["AWS_PROFILE": "work"], homeDirectory: home).resolve()
    #expect(work.credentials == .init(accessKeyID: "AKIDWORK", secretAccessKey: "worksecretworksecret", sessionToken: "worktoken"))
    #expect(work.region == "us-east-2")

    let configOnly = try AWSCredentialChain(environment: ["AWS_PROFILE": "only-in-config"], homeDirectory: home).resolve()
    #expect(configOnly.credentials.accessKeyID == "AKIDCONFIG")
    #expect(configOnly.source.hasSuffix("/.aws/config"))
  }

  @Test func failuresSayWhereTheyLookedAndNeverShowASecret() throws {
    let home = try Self.home(credentials: "[default]\naws_access_key_id = AKIDHALF\n", config: nil)
    defer { try? FileManager.default.removeItem(atPath: home) }
    let half = #expect(throws: AWSCredentialChain.Failure.self) {
      try AWSCredentialChain(environment: ["AWS_SECRET_ACCESS_KEY": "onlythesecret"], homeDirectory: home).resolve()
    }
    #expect(half?.description.contains("only one of AWS_ACCESS_KEY_ID") == true)
    #expect(half?.description.contains("onlythesecret") == false)
    let noSecret = #expect(throws: AWSCredentialChain.Failure.self) {
      try AWSCredentialChain(environment: [:], homeDirectory: home).resolve()
    }
    #expect(noSecret?.description.contains("has aws_access_key_id but no aws_secret_access_key") == true)
    let none = #expect(throws: AWSCredentialChain.Failure.self) {
      try AWSCredentialChain(environment: ["AWS_PROFILE": "missing"], homeDirectory: home).resolve()
    }
    #expect(none?.description.contains("no AWS credentials") == true)
    let resolved = try AWSCredentialChain(
      environment: ["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "supersecretvalue", "AWS_SESSION_TOKEN": "supertoken"],
      homeDirectory: home
    ).resolve()
    #expect(!resolved.description.contains("supersecretvalue") && !resolved.description.contains("supertoken"))
    #expect(!resolved.description.contains("AKIDENV"), "only the first four characters of the key id")
    for printed in ["\(resolved.credentials)", String(describing: resolved.credentials), String(reflecting: resolved.credentials)] {
      #expect(!printed.contains("supersecretvalue") && !printed.contains("supertoken"), "\(printed)")
    }
  }
}

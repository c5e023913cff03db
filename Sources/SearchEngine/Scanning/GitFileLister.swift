import Foundation

/// Asks git which files make up a work tree: tracked files plus untracked files that no
/// ignore rule excludes, exactly the set `git status` cares about.
///
/// Git knows rules the walker cannot (the global `core.excludesFile`, tracked files that an
/// ignore pattern matches), and answers from its index far faster than a walk.
enum GitFileLister {
  enum Failure: Error, Sendable, CustomStringConvertible {
    case unavailable(String)
    case notAWorkTree
    case failed(status: Int32, message: String)

    var description: String {
      switch self {
      case .unavailable(let reason): reason
      case .notAWorkTree: "not inside a git work tree"
      case .failed(let status, let message): "git exited with status \(status): \(message)"
      }
    }
  }

  private static let executable: URL? = ProcessRunner.locate("git")

  /// The child's environment: the server's own, minus variables that would point git at a
  /// different repository than the folder it is run in, plus no prompts and no lock taking
  /// (a background lister must never block the user's own git commands).
  private static let environment: [String: String] = {
    var environment = ProcessInfo.processInfo.environment
    for name in [
      "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_PREFIX",
      "GIT_OBJECT_DIRECTORY", "GIT_NAMESPACE", "GIT_CEILING_DIRECTORIES",
    ] {
      environment.removeValue(forKey: name)
    }
    environment["GIT_OPTIONAL_LOCKS"] = "0"
    environment["GIT_TERMINAL_PROMPT"] = "0"
    return environment
  }()

  /// Whether `directory` lies inside a git work tree.
  static func checkWorkTree(_ directory: String) throws(Failure) {
    let output = try git(["-C", directory, "rev-parse", "--is-inside-work-tree"])
    let answer = String(decoding: output.standardOutput, as: UTF8.self)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    guard output.status == 0, answer == "true" else { throw .notAWorkTree }
  }

  /// Whether the repository holding `directory` ignores the folder itself (or a folder above
  /// it): a checkout or an extracted archive inside another repository's `vendor/` or
  /// `build/`. Git lists nothing there, yet it is the folder the user asked for. `false`
  /// when git cannot tell.
  static func enclosingRepositoryIgnores(_ directory: String) -> Bool {
    // check-ignore exits 0 when the path is ignored, 1 when it is not, 128 on error.
    guard let output = try? git(["-C", directory, "check-ignore", "-q", "--", "."]) else {
      return false
    }
    return output.status == 0
  }

  /// Paths of the files git lists below `directory`, relative to it, as raw bytes. Nested
  /// repositories that git does not descend into come back with a trailing `/`; submodules
  /// come back as their folder path. Paths of deleted but still tracked files are included:
  /// the caller must check that each exists. A path may appear more than once.
  static func listFiles(in directory: String, pathspecs: [[UInt8]] = []) throws(Failure)
    -> [[UInt8]]
  {
    var arguments = [
      "-C", directory, "--literal-pathspecs", "-c", "core.quotePath=false", "ls-files",
      "--cached", "--others", "--exclude-standard", "-z",
    ]
    if !pathspecs.isEmpty {
      arguments.append("--")
      arguments += pathspecs.map { String(decoding: $0, as: UTF8.self) }
    }
    let output = try git(arguments)
    guard output.status == 0 else {
      throw .failed(status: output.status, message: output.standardError)
    }
    // -z ends every entry with NUL. During a merge conflict the index lists a path once per
    // stage; callers sort the list and drop the repeats.
    return output.standardOutput.withUnsafeBytes { raw in
      var paths: [[UInt8]] = []
      var start = 0
      for index in 0..<raw.count where raw[index] == 0 {
        if index > start { paths.append(Array(raw[start..<index])) }
        start = index + 1
      }
      if start < raw.count { paths.append(Array(raw[start...])) }
      return paths
    }
  }

  static func git(_ arguments: [String]) throws(Failure) -> ProcessRunner.Output {
    guard let executable else { throw .unavailable("git not found on PATH") }
    do {
      return try ProcessRunner.run(executable, arguments: arguments, environment: environment)
    } catch {
      throw .unavailable(error.description)
    }
  }
}

import Foundation

/// Why ctags gave no tags for a file.
enum CtagsFailure: Error, Equatable {
  case launch(String)
  case exited
  case timedOut
  /// ctags printed something that is not its JSON protocol.
  case garbage(String)

  var description: String {
    switch self {
    case .launch(let reason): "ctags could not be started (\(reason))"
    case .exited: "ctags exited while reading the file"
    case .timedOut: "ctags did not answer in time"
    case .garbage(let line): "ctags printed unexpected output: \(line)"
    }
  }
}

/// One long-lived `ctags --_interactive` process: a file goes in as a JSON command followed by
/// its bytes, its tags come back as JSON lines ending with a `completed` record.
///
/// Starting ctags per file would cost more than parsing most files, hence one process. It runs
/// in sandbox mode (it cannot open files; content comes only through the pipe) with
/// `--options=NONE` so that no user or project option file changes its output.
final class CtagsProcess {
  private let child: ChildProcess
  private let decoder = JSONDecoder()

  /// Tags beyond this many are dropped: a generated file with a million tags would cost more
  /// memory than it could ever be worth for search.
  static let maxTagsPerFile = 100_000

  static func arguments(interactiveMode: String) -> [String] {
    [
      "--options=NONE",
      "--_interactive=\(interactiveMode)",
      "--output-format=json",
      "--fields=+neKSlZ",
      "--kinds-C=+p",
      "--kinds-C++=+p",
    ]
  }

  /// Starts ctags and waits for its `program` greeting, which proves it is a Universal Ctags
  /// built with JSON and interactive support.
  init(executable: String, interactiveMode: String, timeout: Duration) throws(CtagsFailure) {
    do {
      child = try ChildProcess(
        executable: executable, arguments: Self.arguments(interactiveMode: interactiveMode))
    } catch {
      throw .launch(Self.reason(error))
    }
    let greeting: ArraySlice<UInt8>
    do {
      greeting = try child.readLine(deadline: .now + timeout)
    } catch {
      child.terminate()
      throw .launch(error == .timedOut ? "no greeting" : "it exited at once")
    }
    guard let record = CtagsRecord.decode(line: greeting, decoder: decoder),
      record.type == "program"
    else {
      child.terminate()
      throw .launch("unexpected greeting \(Self.excerpt(greeting))")
    }
  }

  var processID: Int32 { child.processID }
  var isRunning: Bool { child.isRunning }

  func terminate() {
    child.terminate()
  }

  /// The records ctags prints for `content` presented as a file named `filename` (the name
  /// only selects the parser).
  func generateTags(filename: String, content: [UInt8], timeout: Duration) throws(CtagsFailure)
    -> [CtagsRecord]
  {
    let deadline = ContinuousClock.now + timeout
    let command =
      "{\"command\":\"generate-tags\",\"filename\":\(Self.jsonString(filename)),"
      + "\"size\":\(content.count)}\n"
    do {
      try child.write(Array(command.utf8) + content, deadline: deadline)
      var records: [CtagsRecord] = []
      while true {
        let line = try child.readLine(deadline: deadline)
        guard let record = CtagsRecord.decode(line: line, decoder: decoder) else {
          throw CtagsFailure.garbage(Self.excerpt(line))
        }
        switch record.type {
        case "completed":
          return records
        // Non-fatal errors are remarks about the input ("ignoring null tag" for a JavaScript
        // destructuring); the tags still come.
        case "error" where record.fatal == true:
          throw CtagsFailure.garbage(record.message ?? Self.excerpt(line))
        case "tag":
          if records.count < Self.maxTagsPerFile { records.append(record) }
        default:
          continue
        }
      }
    } catch let failure as CtagsFailure {
      throw failure
    } catch let error as ChildProcessError {
      throw error == .timedOut ? .timedOut : .exited
    } catch {
      throw .exited
    }
  }

  private static func reason(_ error: ChildProcessError) -> String {
    switch error {
    case .launch(let reason): reason
    case .exited: "it exited"
    case .timedOut: "it did not start in time"
    }
  }

  private static func excerpt(_ line: ArraySlice<UInt8>) -> String {
    let text = String(decoding: line.prefix(120), as: UTF8.self)
    return text.isEmpty ? "an empty line" : "\"\(text)\""
  }

  /// A JSON string literal; ctags' own JSON reader copes with any UTF-8 but not with raw
  /// control characters or unescaped quotes.
  static func jsonString(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case _ where scalar.value < 0x20:
        result += String(format: "\\u%04x", scalar.value)
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result + "\""
  }
}

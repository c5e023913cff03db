import Foundation

/// What ctags made of one file.
enum CtagsOutcome {
  case tags([CtagsRecord])
  /// ctags cannot be used at all (missing, or it will not start).
  case unavailable(String)
  /// ctags failed on this file; the next file gets a fresh process.
  case failed(String)
}

/// Owns the long-lived ctags process: starts it on first use, serialises requests to it, and
/// replaces it when it dies, hangs or talks nonsense.
///
/// The policy: a process that exits or prints garbage during a file is replaced and the file
/// is tried once more (a process killed from outside should cost nothing); a second failure,
/// or a timeout (a file that hangs ctags would hang it again), gives up on that file. Two
/// launches failing in a row disable ctags for the life of the driver, so a broken
/// installation costs two attempts rather than one per file.
final class CtagsDriver: @unchecked Sendable {
  // Everything below is guarded by `lock`; that is what makes the class Sendable.
  private let lock = NSLock()
  private let executable: String?
  private let timeout: Duration
  private var process: CtagsProcess?
  private var launchFailures = 0
  private var disabledReason: String?
  private var languageMap: CtagsLanguageMap?
  /// Sandbox mode first (ctags may not open any file); plain interactive mode for builds where
  /// the sandbox is unavailable.
  private var interactiveModes = ["sandbox", "default"]

  init(executable configured: String?, timeoutSeconds: Double) {
    executable = ExecutableLocator.locate(configured ?? "ctags")
    timeout = .milliseconds(Int64((timeoutSeconds * 1000).rounded(.up)))
    if executable == nil {
      disabledReason = "ctags was not found (\(configured ?? "ctags on PATH"))"
    }
  }

  deinit {
    process?.terminate()
  }

  var isAvailable: Bool {
    lock.withLock { disabledReason == nil }
  }

  func shutdown() {
    lock.withLock {
      process?.terminate()
      process = nil
    }
  }

  /// The language ctags maps this file name to, `nil` when none or ctags is unavailable.
  func language(forPath path: String) -> String? {
    lock.withLock {
      loadedLanguageMap().language(forFileNamed: CtagsFileNames.presentedName(forPath: path))
    }
  }

  func tags(forPath path: String, content: [UInt8]) -> CtagsOutcome {
    lock.withLock {
      let filename = CtagsFileNames.presentedName(forPath: path)
      var lastFailure = CtagsFailure.exited
      for _ in 0..<2 {
        let running: CtagsProcess
        switch runningProcess() {
        case .success(let process): running = process
        case .failure(let failure): return .unavailable(failure.description)
        }
        do {
          return .tags(
            try running.generateTags(filename: filename, content: content, timeout: timeout))
        } catch let failure as CtagsFailure {
          discardProcess()
          if failure == .timedOut {
            return .failed("\(failure.description) (\(timeout)); it was killed")
          }
          lastFailure = failure
        } catch {
          discardProcess()
          lastFailure = .exited
        }
      }
      return .failed("\(lastFailure.description), twice")
    }
  }

  // MARK: - Test hooks

  /// The running ctags process, if any.
  var processIdentifier: Int32? {
    lock.withLock { process?.processID }
  }

  /// Kills the ctags process behind the driver's back, as a crash would.
  @discardableResult
  func killProcess() -> Bool {
    lock.withLock {
      guard let process else { return false }
      return kill(process.processID, SIGKILL) == 0
    }
  }

  // MARK: - Process lifecycle (call with the lock held)

  private func runningProcess() -> Result<CtagsProcess, CtagsFailure> {
    if let disabledReason { return .failure(.launch(disabledReason)) }
    if let process, process.isRunning { return .success(process) }
    discardProcess()
    guard let executable else { return .failure(.launch("ctags was not found")) }
    var lastFailure = CtagsFailure.launch("no interactive mode works")
    for mode in interactiveModes {
      do {
        let started = try CtagsProcess(
          executable: executable, interactiveMode: mode, timeout: timeout)
        interactiveModes = [mode]
        launchFailures = 0
        process = started
        return .success(started)
      } catch {
        lastFailure = error
      }
    }
    launchFailures += 1
    if launchFailures >= 2 {
      disabledReason = lastFailure.description
    }
    return .failure(lastFailure)
  }

  private func discardProcess() {
    process?.terminate()
    process = nil
  }

  private func loadedLanguageMap() -> CtagsLanguageMap {
    if let languageMap { return languageMap }
    var map = CtagsLanguageMap(entries: [])
    if let executable, disabledReason == nil,
      let child = try? ChildProcess(
        executable: executable, arguments: ["--options=NONE", "--list-maps"])
    {
      child.closeInput()
      let listing = (try? child.readToEnd(deadline: .now + timeout)) ?? []
      map = CtagsLanguageMap(listing: String(decoding: listing, as: UTF8.self))
      child.terminate()
    }
    languageMap = map
    return map
  }
}

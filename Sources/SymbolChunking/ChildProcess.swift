#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why talking to a child process failed.
enum ChildProcessError: Error, Equatable {
  /// It could not be started.
  case launch(String)
  /// It exited or closed its output.
  case exited
  /// It did not answer before the deadline.
  case timedOut
}

/// A child process whose standard input and output this process holds, with reads and writes
/// that give up at a deadline.
///
/// Spawned with `posix_spawn` rather than Foundation's `Process` because the driver must be
/// able to kill a hung child and reap it synchronously, and must never block forever on a pipe.
/// Standard input and output are socket pairs: writing to a child that died then fails with an
/// error (`MSG_NOSIGNAL`) instead of raising `SIGPIPE` in the whole server, and both ends are
/// created close-on-exec atomically, so no other child spawned meanwhile inherits them (which
/// would hide this child's exit). Standard error goes to
/// `/dev/null` so a chatty child can never block on a full pipe nobody reads.
final class ChildProcess {
  let processID: pid_t
  private var input: Int32
  private var output: Int32
  private var reaped = false
  /// Output read but not yet consumed as lines; `consumed` bytes at its front are done.
  private var buffer: [UInt8] = []
  private var consumed = 0

  init(executable: String, arguments: [String]) throws(ChildProcessError) {
    var inputPair: [Int32] = [-1, -1]
    var outputPair: [Int32] = [-1, -1]
    guard Self.makeSocketPair(&inputPair) else {
      throw .launch("cannot create a socket pair: errno \(errno)")
    }
    guard Self.makeSocketPair(&outputPair) else {
      close(inputPair[0])
      close(inputPair[1])
      throw .launch("cannot create a socket pair: errno \(errno)")
    }
    let childEnds = (input: inputPair[1], output: outputPair[1])
    let spawned = Self.spawn(
      executable: executable, arguments: arguments, stdin: childEnds.input,
      stdout: childEnds.output)
    close(childEnds.input)
    close(childEnds.output)
    switch spawned {
    case .success(let pid):
      processID = pid
      input = inputPair[0]
      output = outputPair[0]
      Self.setNonBlocking(input)
      Self.setNonBlocking(output)
    case .failure(let error):
      close(inputPair[0])
      close(outputPair[0])
      throw error
    }
  }

  deinit {
    terminate()
  }

  /// Whether the child is still running (reaps it if it has exited).
  var isRunning: Bool {
    guard !reaped else { return false }
    var status: Int32 = 0
    let result = waitpid(processID, &status, WNOHANG)
    if result == processID || (result < 0 && errno == ECHILD) {
      reaped = true
      return false
    }
    return true
  }

  /// Writes all of `bytes`, collecting whatever the child prints meanwhile.
  func write(_ bytes: [UInt8], deadline: ContinuousClock.Instant) throws(ChildProcessError) {
    var written = 0
    while written < bytes.count {
      var fds = [
        pollfd(fd: input, events: Int16(POLLOUT), revents: 0),
        pollfd(fd: output, events: Int16(POLLIN), revents: 0),
      ]
      try wait(&fds, deadline: deadline)
      if fds[1].revents != 0 { try drainOutput() }
      if fds[0].revents & Int16(POLLOUT) != 0 {
        let count = bytes.withUnsafeBytes { raw -> Int in
          guard let base = raw.baseAddress else { return 0 }
          return send(input, base + written, bytes.count - written, Self.sendFlags)
        }
        if count > 0 {
          written += count
        } else if count < 0, errno != EAGAIN, errno != EWOULDBLOCK, errno != EINTR {
          throw .exited
        }
      } else if fds[0].revents & Int16(POLLERR | POLLHUP) != 0 {
        throw .exited
      }
    }
  }

  /// The next line the child prints, without its `\n`.
  func readLine(deadline: ContinuousClock.Instant) throws(ChildProcessError) -> ArraySlice<UInt8> {
    var searchFrom = consumed
    while true {
      if let newline = buffer[searchFrom...].firstIndex(of: UInt8(ascii: "\n")) {
        let line = buffer[consumed..<newline]
        consumed = newline + 1
        compactIfWorthwhile()
        return line
      }
      searchFrom = buffer.count
      var fds = [pollfd(fd: output, events: Int16(POLLIN), revents: 0)]
      try wait(&fds, deadline: deadline)
      try drainOutput()
    }
  }

  /// Everything the child prints until it closes its output.
  func readToEnd(deadline: ContinuousClock.Instant) throws(ChildProcessError) -> [UInt8] {
    while true {
      var fds = [pollfd(fd: output, events: Int16(POLLIN), revents: 0)]
      try wait(&fds, deadline: deadline)
      do {
        try drainOutput()
      } catch .exited {
        return Array(buffer[consumed...])
      }
    }
  }

  /// Tells the child its input has ended, for commands that read none (or should stop).
  func closeInput() {
    if input >= 0 {
      close(input)
      input = -1
    }
  }

  /// Kills the child (it holds no state worth a graceful exit), reaps it and closes the pipes.
  func terminate() {
    if !reaped {
      kill(processID, SIGKILL)
      var status: Int32 = 0
      while waitpid(processID, &status, 0) < 0, errno == EINTR {}
      reaped = true
    }
    if input >= 0 {
      close(input)
      input = -1
    }
    if output >= 0 {
      close(output)
      output = -1
    }
  }

  // MARK: - I/O

  private func wait(_ fds: inout [pollfd], deadline: ContinuousClock.Instant)
    throws(ChildProcessError)
  {
    while true {
      let remaining = deadline - ContinuousClock.now
      guard remaining > .zero else { throw .timedOut }
      let milliseconds =
        remaining.components.seconds * 1000
        + remaining.components.attoseconds / 1_000_000_000_000_000 + 1
      let result = poll(&fds, nfds_t(fds.count), Int32(clamping: milliseconds))
      if result > 0 { return }
      if result < 0, errno != EINTR { throw .exited }
    }
  }

  /// Reads whatever is available; throws `.exited` at end of output.
  private func drainOutput() throws(ChildProcessError) {
    var chunk = [UInt8](repeating: 0, count: 65_536)
    while true {
      let count = chunk.withUnsafeMutableBytes { raw -> Int in
        guard let base = raw.baseAddress else { return 0 }
        return read(output, base, raw.count)
      }
      if count > 0 {
        buffer.append(contentsOf: chunk[0..<count])
        if count < chunk.count { return }
      } else if count == 0 {
        throw .exited
      } else if errno == EAGAIN || errno == EWOULDBLOCK {
        return
      } else if errno != EINTR {
        throw .exited
      }
    }
  }

  private func compactIfWorthwhile() {
    if consumed > 65_536, consumed * 2 > buffer.count {
      buffer.removeFirst(consumed)
      consumed = 0
    }
  }

  // MARK: - Spawning

  #if canImport(Darwin)
    private static let sendFlags: Int32 = 0
  #else
    private static let sendFlags = Int32(MSG_NOSIGNAL)
  #endif

  private static func makeSocketPair(_ fds: inout [Int32]) -> Bool {
    #if canImport(Darwin)
      guard socketpair(AF_UNIX, SOCK_STREAM, 0, &fds) == 0 else { return false }
      var on: Int32 = 1
      setsockopt(fds[0], SOL_SOCKET, SO_NOSIGPIPE, &on, socklen_t(MemoryLayout<Int32>.size))
      _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
      _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
      return true
    #else
      let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
      return socketpair(AF_UNIX, type, 0, &fds) == 0
    #endif
  }

  private static func setNonBlocking(_ fd: Int32) {
    let flags = fcntl(fd, F_GETFL)
    if flags >= 0 { _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK) }
  }

  private static func spawn(
    executable: String, arguments: [String], stdin: Int32, stdout: Int32
  ) -> Result<pid_t, ChildProcessError> {
    #if canImport(Darwin)
      var actions: posix_spawn_file_actions_t? = nil
      var attributes: posix_spawnattr_t? = nil
    #else
      var actions = posix_spawn_file_actions_t()
      var attributes = posix_spawnattr_t()
    #endif
    posix_spawn_file_actions_init(&actions)
    posix_spawnattr_init(&attributes)
    defer {
      posix_spawn_file_actions_destroy(&actions)
      posix_spawnattr_destroy(&attributes)
    }
    posix_spawn_file_actions_adddup2(&actions, stdin, 0)
    posix_spawn_file_actions_adddup2(&actions, stdout, 1)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    // The child starts with default signal handling whatever this process ignores or blocks.
    var noSignals = sigset_t()
    sigemptyset(&noSignals)
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    sigaddset(&defaults, SIGPIPE)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

    let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
    defer {
      for argument in argv { free(argument) }
    }
    var pid: pid_t = 0
    let result = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
    guard result == 0 else {
      return .failure(.launch("cannot run \(executable): \(String(cString: strerror(result)))"))
    }
    return .success(pid)
  }
}

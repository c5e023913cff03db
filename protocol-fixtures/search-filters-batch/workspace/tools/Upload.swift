/// Sends a file to the server, retrying on failure.
func retryUpload(_ data: [UInt8], attempts: Int) -> Bool {
  for _ in 0..<attempts where send(data) { return true }
  return false
}

/// Files waiting to be sent, oldest first.
struct UploadQueue {
  var pending: [[UInt8]] = []
  var failures = 0
  mutating func push(_ file: [UInt8]) { pending.append(file) }
}

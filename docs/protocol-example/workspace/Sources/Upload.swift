import Foundation

/// Sends a file to the server, retrying with exponential backoff.
func retryUpload(_ data: Data, attempts: Int, send: (Data) throws -> Void) throws {
  var delay = 0.5
  for attempt in 1...attempts {
    do {
      return try send(data)
    } catch where attempt < attempts {
      Thread.sleep(forTimeInterval: delay)
      delay *= 2
    }
  }
}

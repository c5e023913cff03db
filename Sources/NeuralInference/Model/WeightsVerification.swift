/// A checksum of `model.safetensors` checked before the weights are used.
///
/// NeuralInference does not hash by itself: it depends on nothing but BLAS, and the project
/// already has a SHA-256 (SearchCore). The caller passes the digest function; the model calls
/// it once with the mapped file's bytes (no second read) and compares the lower-case hex
/// result with `expectedSHA256`.
package struct WeightsVerification: Sendable {
  package var expectedSHA256: String
  package var sha256: @Sendable (UnsafeRawBufferPointer) -> String

  package init(
    expectedSHA256: String, sha256: @escaping @Sendable (UnsafeRawBufferPointer) -> String
  ) {
    self.expectedSHA256 = expectedSHA256
    self.sha256 = sha256
  }
}

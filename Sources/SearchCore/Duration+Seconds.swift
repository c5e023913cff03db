extension Duration {
  /// The duration in seconds, for statistics and messages.
  package var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

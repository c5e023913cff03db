/// `workspace/didChangeConfiguration`: the client's settings changed. Clients that push send
/// them in `settings` (ours under `sextant`); clients that expect a pull send `null` and answer
/// `workspace/configuration`.
package struct DidChangeConfigurationNotification: LSPNotification {
  package static let method = "workspace/didChangeConfiguration"
  package var settings: JSONValue?
  package init(settings: JSONValue? = nil) { self.settings = settings }
}

/// `sextant/status`: what is indexed, per workspace folder.
package struct SextantStatusRequest: LSPRequest {
  package static let method = "sextant/status"
  package typealias Response = JSONValue
  package init() {}
}

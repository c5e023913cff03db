import Foundation

/// `file://` URIs ⇄ absolute paths, percent-encoding included.
enum FileURI {
  /// The absolute path of a `file:` URI, or `nil` for any other scheme.
  static func path(of uri: String) -> String? {
    guard let url = URL(string: uri), url.isFileURL else {
      // Some clients send unencoded paths with spaces; try encoding them once.
      if uri.hasPrefix("file://"),
        let encoded = uri.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.union(.init(charactersIn: ":/"))),
        let url = URL(string: encoded), url.isFileURL
      {
        return url.standardizedFileURL.path
      }
      return nil
    }
    return url.standardizedFileURL.path
  }

  static func uri(of path: String) -> String {
    URL(fileURLWithPath: path).absoluteString
  }

  /// A folder's URI as clients write workspace folders: without the trailing slash that
  /// `URL(fileURLWithPath:)` adds to an existing directory.
  static func folderURI(of path: String) -> String {
    let uri = URL(fileURLWithPath: path, isDirectory: false).absoluteString
    return uri.count > "file:///".count && uri.hasSuffix("/") ? String(uri.dropLast()) : uri
  }
}

import Crypto
import Foundation

/// One file under `/static/`: its bytes, content type and a strong ETag of its content.
public struct StaticAsset: Sendable {
    public let bytes: [UInt8]
    public let contentType: String
    public let etag: String

    public init(bytes: [UInt8], contentType: String) {
        self.bytes = bytes
        self.contentType = contentType
        let digest = SHA256.hash(data: bytes)
        etag = "\"" + digest.prefix(12).map { String(format: "%02x", $0) }.joined() + "\""
    }

    /// The content type of a file name by its extension; nil for a kind the gateway does not serve.
    public static func contentType(forName name: String) -> String? {
        switch name.split(separator: ".").last.map({ $0.lowercased() }) {
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "json": "application/json; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "ico": "image/x-icon"
        case "woff2": "font/woff2"
        default: nil
        }
    }
}

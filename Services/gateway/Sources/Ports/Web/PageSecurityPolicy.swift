import Foundation

/// The Content-Security-Policy of every page: scripts and styles only from the gateway itself (no
/// inline code), plus Telegram's WebApp script; fetches to the gateway and the till agent; framing
/// only by the gateway and Telegram's web client.
public struct PageSecurityPolicy: Sendable, Equatable {
    /// Where the Telegram WebApp script comes from (loaded only inside Telegram).
    public static let telegramScriptOrigin = "https://telegram.org"
    /// Telegram's web clients, which show a Mini App in a frame.
    public static let telegramFrameAncestors = ["https://web.telegram.org", "https://webk.telegram.org", "https://webz.telegram.org"]

    /// The till agent's origin (`http://127.0.0.1:3333`), nil when `CASHIER_AGENT_URL` is no URL.
    public let agentOrigin: String?

    public init(agentURL: String) {
        agentOrigin = Self.origin(of: agentURL)
    }

    /// The header value.
    public var header: String {
        let connect = ["'self'"] + (agentOrigin.map { [$0] } ?? [])
        return [
            "default-src 'self'",
            "script-src 'self' \(Self.telegramScriptOrigin)",
            "style-src 'self'",
            "img-src 'self' data: blob:",
            "connect-src \(connect.joined(separator: " "))",
            "media-src 'self' blob:",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'self' \(Self.telegramFrameAncestors.joined(separator: " "))",
        ].joined(separator: "; ")
    }

    /// `scheme://host[:port]` of an http(s) URL, rebuilt from its parts so nothing else of the
    /// configured text (a `;`, a path) can reach the header.
    public static func origin(of text: String) -> String? {
        guard let components = URLComponents(string: text.trimmingCharacters(in: .whitespaces)),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host?.lowercased(), !host.isEmpty,
            host.allSatisfy({ $0.isLetter || $0.isNumber || ".-:[]".contains($0) })
        else { return nil }
        let port = components.port.map { ":\($0)" } ?? ""
        let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return "\(scheme)://\(bracketed)\(port)"
    }
}

import Foundation

/// One entry of an endpoint setting: a nanomsg URL as it is, or a `tcp://name:port` whose name
/// stands for every address DNS gives it (a Kubernetes headless Service, a Compose service).
public enum Endpoint: Sendable, Hashable {
    /// An `ipc://` URL or a `tcp://` URL whose host is an address literal (or `*`).
    case fixed(String)
    /// `tcp://<name>:<port>`: resolved to all of the name's addresses, again and again.
    case name(host: String, port: Int)

    /// Parses a setting such as `tcp://loyalty-bus:7101,ipc:///tmp/loyalty-2.ipc`: a comma list
    /// of URLs; blanks are ignored.
    public static func list(_ setting: String) -> [Endpoint] {
        setting.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.map(Endpoint.init)
    }

    /// Parses all the settings of `urls` (each may itself be a comma list).
    public static func list(_ urls: [String]) -> [Endpoint] { urls.flatMap { list($0) } }

    public init(_ url: String) {
        guard url.hasPrefix("tcp://") else {
            self = .fixed(url)
            return
        }
        let rest = url.dropFirst("tcp://".count)
        // `tcp://[::1]:7101` and `tcp://eth0;host:port` (nanomsg's local-interface form) stay as they are.
        guard !rest.hasPrefix("["), !rest.contains(";"), let colon = rest.lastIndex(of: ":"),
            let port = Int(rest[rest.index(after: colon)...])
        else {
            self = .fixed(url)
            return
        }
        let host = String(rest[..<colon])
        if host == "*" || host.isEmpty || Self.isAddressLiteral(host) {
            self = .fixed(url)
        } else {
            self = .name(host: host, port: port)
        }
    }

    /// The URL to connect to for one address of a name.
    static func url(address: String, port: Int) -> String {
        address.contains(":") ? "tcp://[\(address)]:\(port)" : "tcp://\(address):\(port)"
    }

    private static func isAddressLiteral(_ host: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }
}

import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns endpoints into the URLs to connect to now: every IPv4 address of each name (nanomsg's
/// own resolver keeps only the first, and only on reconnect).
public struct AddressResolver: Sendable {
    /// Looks a name up; the default is the system's resolver (getaddrinfo).
    public var lookup: @Sendable (_ host: String) -> [String]

    public init(lookup: @escaping @Sendable (_ host: String) -> [String] = AddressResolver.systemLookup) {
        self.lookup = lookup
    }

    /// The URLs of `endpoints`, in order, without repeats. A name that does not resolve now
    /// contributes nothing (it is asked again at the next refresh).
    public func urls(_ endpoints: [Endpoint]) -> [String] {
        var seen = Set<String>()
        var urls: [String] = []
        for endpoint in endpoints {
            let found: [String]
            switch endpoint {
            case .fixed(let url): found = [url]
            case .name(let host, let port): found = lookup(host).map { Endpoint.url(address: $0, port: port) }
            }
            for url in found where seen.insert(url).inserted { urls.append(url) }
        }
        return urls
    }

    /// The IPv4 addresses of `host` (getaddrinfo), sorted; none when it does not resolve.
    public static let systemLookup: @Sendable (String) -> [String] = { host in
        var hints = addrinfo()
        hints.ai_family = AF_INET
        #if canImport(Darwin)
        hints.ai_socktype = SOCK_STREAM
        #else
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #endif
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else { return [] }
        defer { freeaddrinfo(first) }
        var addresses = Set<String>()
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let info = node {
            if let address = info.pointee.ai_addr, info.pointee.ai_family == AF_INET {
                var buffer = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
                address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { ipv4 in
                    var raw = ipv4.pointee.sin_addr
                    _ = inet_ntop(AF_INET, &raw, &buffer, socklen_t(INET_ADDRSTRLEN))
                }
                addresses.insert(String(cString: buffer))
            }
            node = info.pointee.ai_next
        }
        return addresses.sorted()
    }
}

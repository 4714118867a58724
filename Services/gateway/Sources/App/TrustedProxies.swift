import Foundation

/// The proxies in front of the gateway (`TRUSTED_PROXIES`: addresses and CIDR blocks, IPv4 and
/// IPv6), and who the client of a request is given them.
public struct TrustedProxies: Sendable {
    public let networks: [IPNetwork]

    public init(_ networks: [IPNetwork] = []) {
        self.networks = networks
    }

    /// Parses a comma-separated list (`10.0.0.0/8, 192.0.2.7, fd00::/8`); throws naming the first bad entry.
    public init(parsing list: String) throws {
        var networks: [IPNetwork] = []
        for entry in list.split(separator: ",") where !entry.allSatisfy(\.isWhitespace) {
            guard let network = IPNetwork(parsing: entry) else {
                throw GatewayStartupError("TRUSTED_PROXIES: \"\(entry.trimmingCharacters(in: .whitespaces))\" is not an IP address or CIDR block")
            }
            networks.append(network)
        }
        self.init(networks)
    }

    public func trusts(_ address: IPAddress) -> Bool {
        networks.contains { $0.contains(address) }
    }

    /// The client's address: the TCP peer, unless the peer is a trusted proxy; then the right-most
    /// `X-Forwarded-For` entry that is not itself a trusted proxy (entries to its left are whatever
    /// the client chose to send). `forwardedFor` holds the header's values in order.
    public func client(peer: String?, forwardedFor: [String]) -> String {
        guard let peer else { return "unknown" }
        // No proxy is trusted (the default): the peer is the client, with no address to parse
        // (parsing it was ~3% of the gateway's CPU per proxied call, `make profile`).
        guard !networks.isEmpty else { return peer }
        guard let peerAddress = IPAddress(parsing: peer), trusts(peerAddress) else { return peer }
        let chain = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var client = peerAddress.description
        for entry in chain.reversed() {
            // Not an address: nobody we trust wrote it, so the request comes from whoever did.
            guard let address = IPAddress(parsing: entry) else { return entry }
            client = address.description
            if !trusts(address) { return client }
        }
        // Every hop is ours: the left-most one is as close to the client as we can tell.
        return client
    }
}

import Bus
import Contracts
import Logging

/// One RPC client (one raw REQ socket) per backend service, shared by all HTTP requests.
public final class Backends: Sendable {
    private let clients: [String: RPCClient]

    public init(urls: [String: String], maxMessageBytes: Int, logger: Logger) throws {
        var clients: [String: RPCClient] = [:]
        for (service, url) in urls {
            clients[service] = try RPCClient(service: service, urls: [url], maxMessageSize: maxMessageBytes, logger: logger)
        }
        self.clients = clients
    }

    public var services: [String] { clients.keys.sorted() }

    /// Calls a method of a backend; an unknown service is UNAVAILABLE.
    public func call(_ service: String, _ method: String, body: [UInt8], options: CallOptions) async -> Reply {
        guard let client = clients[service] else {
            return Reply(status: .unavailable, message: "no backend named \(service)")
        }
        return await client.callRaw(method, body: body, options: options)
    }

    public func close() {
        for client in clients.values { client.close() }
    }
}

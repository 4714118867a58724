import Bus
import Logging
import ServiceKit
import Synchronization

/// One bus client per target service, made on first use; endpoints from `<SERVICE>_RPC_URL`.
final class TargetClients: Sendable {
    private let environment: ServiceEnvironment
    private let logger: Logger
    private let clients = Mutex<[String: RPCClient]>([:])

    init(environment: ServiceEnvironment, logger: Logger) {
        self.environment = environment
        self.logger = logger
    }

    /// The client of `service`; a service without an endpoint of its own is refused (its
    /// `<SERVICE>_RPC_URL` default would be another service's port).
    func client(for service: String) throws -> RPCClient {
        guard JobTarget.isKnown(service) else { throw SchedulerError.invalid("service", JobTarget.unknown(service)) }
        return try clients.withLock { clients in
            if let client = clients[service] { return client }
            let client = try RPCClient(service: service, urls: [ServiceEndpoints.rpcURL(service, environment)], logger: logger)
            clients[service] = client
            return client
        }
    }

    func close() {
        clients.withLock { clients in
            for client in clients.values { client.close() }
            clients.removeAll()
        }
    }
}

import Bus
import Contracts
import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import JWTKit
import Logging
import ServiceKit
import TestSupport

/// A gateway wired to one real in-process backend ("loyalty") answering over a real ipc socket.
struct GatewayTestHarness {
    let gateway: GatewayApp
    let server: RPCServer
    /// What the fake loyalty answers `EventsSince` with.
    let outbox: FakeOutbox
    /// Subjects the fake loyalty no longer lets read store 7.
    let access: FakeAccess
    /// The store API keys the fake loyalty resolves.
    let storeKeys: FakeStoreKeys
    static let secret = "test-secret-0123456789-0123456789-abc"

    static func make(environment extra: [String: String] = [:]) async throws -> GatewayTestHarness {
        let url = "ipc:///tmp/gw-test-\(UUID().uuidString.prefix(10)).ipc"
        let logger = Logger(label: "gateway-test")
        let router = RPCRouter(logger: logger)
        router.register("Echo") { (request: EchoRequest, context: RPCContext) in
            if request.text == "who" {
                return EchoReply(text: "\(context.principal.subject)|\(context.principal.roles.joined(separator: ","))|\(context.requestId)")
            }
            if request.text == "fail" { throw RPCError(.failedPrecondition, "not now") }
            if request.text == "crash" { throw CocoaError(.fileNoSuchFile) }
            return EchoReply(text: request.text)
        }
        router.register("Health") { (_: HealthRequest, _) in
            HealthReply(service: "loyalty", version: "test", databaseReachable: true, uptimeSeconds: 1)
        }
        let outbox = FakeOutbox()
        let access = FakeAccess()
        router.register(PlatformMethods.eventsSince.name) { (request: EventsSinceRequest, _: RPCContext) in
            EventsSinceReply(events: outbox.after(request.afterSequence, limit: Int(request.limit)), oldestSequence: 1)
        }
        // Loyalty's rule for a store's data, reduced: admins, and the Telegram user 42 for store 7.
        router.register(LoyaltyMethods.listStoreTransactions.name) { (request: ListStoreTransactionsRequest, context: RPCContext) in
            let cashier = context.principal.subject == "telegram:42" && request.storeId == 7 && !access.isRevoked(context.principal.subject)
            guard context.principal.has(role: "admin") || cashier else {
                throw RPCError(.permissionDenied, "you are not a cashier of store \(request.storeId)")
            }
            return StoreTransactionsPage(storeId: request.storeId)
        }
        // Loyalty's store keys and a few reads that answer who asked for what, so a test sees which
        // route (and so which rpc) a path reached.
        let storeKeys = FakeStoreKeys()
        router.register(LoyaltyMethods.authenticateStore.name) { (request: AuthenticateStoreRequest, _: RPCContext) in
            guard let store = storeKeys.store(for: request.apiKey) else { throw RPCError(.unauthenticated, "unknown store API key") }
            return AuthenticatedStore(storeId: store, name: "Store \(store)")
        }
        router.register(LoyaltyMethods.getCashierSession.name) { (_: GetCashierSessionRequest, context: RPCContext) in
            CashierSession(kind: context.principal.subject)
        }
        router.register(LoyaltyMethods.getMyCard.name) { (_: GetMyCardRequest, context: RPCContext) in
            Customer(card: "own", name: context.principal.subject)
        }
        router.register(LoyaltyMethods.updateMyProfile.name) { (request: UpdateMyProfileRequest, context: RPCContext) in
            Customer(card: "own", name: request.name)
        }
        router.register(LoyaltyMethods.getCustomer.name) { (request: GetCustomerRequest, _: RPCContext) in
            Customer(card: request.card, name: "GetCustomer")
        }
        router.register(LoyaltyMethods.getDiscount.name) { (request: GetDiscountRequest, _: RPCContext) in
            DiscountState(id: request.discountId, storeId: request.storeId, status: "pending")
        }
        let server = try RPCServer(url: url, router: router, maxMessageSize: 1 << 20, maxConcurrent: 16, logger: logger)
        server.start()
        var values = [
            "LOYALTY_RPC_URL": url, "JWT_SECRET": secret, "GATEWAY_RATE_LIMIT_PER_SECOND": "1000",
            "GATEWAY_RATE_LIMIT_BURST": "1000", "READINESS_TIMEOUT_MS": "300",
        ]
        for service in ServiceEndpoints.services where service != "loyalty" {
            values["\(ServiceEndpoints.envPrefix(service))_RPC_URL"] = "ipc:///tmp/gw-test-absent-\(service)-\(UUID().uuidString.prefix(6)).ipc"
        }
        values.merge(extra) { _, new in new }
        do {
            let gateway = try await GatewayApp(config: GatewayConfig(environment: ServiceEnvironment(values)), logger: logger)
            return GatewayTestHarness(gateway: gateway, server: server, outbox: outbox, access: access, storeKeys: storeKeys)
        } catch {
            await server.stop()
            throw error
        }
    }

    func application() -> some ApplicationProtocol {
        Application(router: gateway.router())
    }

    func stop() async {
        gateway.backends.close()
        await server.stop()
    }

    static func token(subject: String = "user-1", roles: [String], expiresIn: TimeInterval = 600) async throws -> String {
        let authenticator = try await Authenticator(secret: secret)
        return try await authenticator.sign(
            GatewayClaims(
                sub: SubjectClaim(value: subject),
                exp: ExpirationClaim(value: Date().addingTimeInterval(expiresIn)),
                roles: roles
            )
        )
    }
}

/// Makes a gateway and its backend (`GatewayTestHarness.make`), runs `body` with them and stops
/// both, also when `body` throws.
@discardableResult
func withGateway<Result>(
    environment extra: [String: String] = [:],
    _ body: (GatewayTestHarness) async throws -> Result
) async throws -> Result {
    try await withStarted(try await GatewayTestHarness.make(environment: extra), stop: { await $0.stop() }, body)
}

import Bus
import Contracts
import Foundation
import Logging
import ServiceKit

/// `PromoRedeemer` over the bus: code-inventory's `RedeemPromo`, as the service `markets`.
public struct BusPromoRedeemer: PromoRedeemer {
    /// A malformed endpoint fails every redemption with its error instead of the whole service.
    let client: Result<RPCClient, any Error>

    public init(client: RPCClient) {
        self.client = .success(client)
    }

    /// Connects to code-inventory at `url` (nanomsg reconnects in the background while it is down).
    public init(url: String, logger: Logger) {
        client = Result { try RPCClient(service: "code-inventory", urls: [url], logger: logger) }
        if case .failure(let error) = client { logger.error("code-inventory endpoint \(url) is unusable: \(error)") }
    }

    public func redeem(code: String, userId: String, idempotencyKey: String) async throws -> RedeemPromoReply {
        let reply = await (try client.get()).callRaw(
            CodeInventoryMethods.redeemPromo.name,
            body: try RedeemPromoRequest(code: code, userId: userId, idempotencyKey: idempotencyKey).serializedBytes(),
            options: CallOptions(principal: .service("markets"), idempotencyKey: idempotencyKey, timeout: .seconds(5))
        )
        guard reply.status == .ok else {
            // code-inventory's refusal (unknown, expired, used up, already redeemed) is the answer as it is.
            throw RPCError(reply.status, reply.message, violations: reply.violations, reason: reply.reason)
        }
        return try RedeemPromoReply(serializedBytes: Array(reply.body))
    }
}

import Bus
import Contracts
import Foundation
import Logging

/// code-inventory's `ListActivePromoCodes`, every page, as the service `claimer`.
public struct ActivePromoCodes: Sendable {
    let fetch: @Sendable () async throws -> [String]

    public init(fetch: @escaping @Sendable () async throws -> [String]) { self.fetch = fetch }

    /// Over the bus at `url` (nanomsg reconnects in the background while code-inventory is down).
    public static func bus(url: String, logger: Logger) -> ActivePromoCodes {
        let client = Result { try RPCClient(service: "code-inventory", urls: [url], logger: logger) }
        return ActivePromoCodes {
            var codes: [String] = []
            var cursor = ""
            repeat {
                let reply = await (try client.get()).callRaw(
                    CodeInventoryMethods.listActivePromoCodes.name,
                    body: try ListPromoCodesRequest(limit: 200, cursor: cursor).serializedBytes(),
                    options: CallOptions(principal: .service("claimer"), timeout: .seconds(5))
                )
                guard reply.status == .ok else { throw ClaimerError.promoCodesUnavailable("\(reply.status): \(reply.message)") }
                let page = try ListPromoCodesReply(serializedBytes: Array(reply.body))
                codes += page.promoCodes.map(\.code)
                cursor = page.nextCursor
            } while !cursor.isEmpty && codes.count < 100_000
            return codes
        }
    }

    func all() async throws -> [String] { try await fetch() }
}

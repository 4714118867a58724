import Bus
import Contracts
import Foundation
import ServiceKit

extension MessageFuzz {
    /// A caller with every role and an id as subject, so calls get past role checks to validation.
    public static let broadCaller = Principal(
        subject: "00000000-0000-0000-0000-0000000000f0",
        roles: ["admin", "supreme", "service", "user"],
        storeId: "1"
    )

    /// What fuzzing a service's methods found.
    public struct Outcome: Sendable {
        /// Calls answered with a `broken` status (and not accepted), then a failed health check.
        public var broken: [String]
        /// How many calls were refused as INVALID_ARGUMENT (validation was reached).
        public var invalidArguments: Int
        /// How many calls succeeded.
        public var succeeded: Int
    }

    /// Fuzzes every method `service` serves, then checks it still answers `Health`; `accept`
    /// excuses a broken-looking reply that is a deliberate answer (e.g. an outbound rate limit).
    public static func everyMethod(
        of service: InProcessService,
        principal: Principal = broadCaller,
        accept: (Call) -> Bool = { _ in false }
    ) async -> Outcome {
        var fuzz = MessageFuzz()
        let methods = service.runtime.router.methods
        let calls = await fuzz.run(methods, client: service.client, principal: principal)
        var broken = calls.filter { Self.broken.contains($0.reply.status) && !accept($0) }
            .map { "\($0.method) \($0.body): \($0.reply.status) \($0.reply.message)" }
        if methods.count < 5 { broken.append("only \(methods.count) methods: \(methods)") }
        let health = await service.client.callRaw(
            "Health",
            body: (try? HealthRequest().serializedBytes()) ?? [],
            options: CallOptions(principal: principal, timeout: .seconds(10))
        )
        if health.status != .ok { broken.append("Health after fuzzing: \(health.status) \(health.message)") }
        return Outcome(
            broken: broken,
            invalidArguments: calls.filter { $0.reply.status == .invalidArgument }.count,
            succeeded: calls.filter { $0.reply.status == .ok }.count
        )
    }
}

import Bus
import Contracts
import Foundation
import ServiceKit

/// ReserveCodes, AssignCodes, ReleaseCodes, CountCodes: messages ↔ domain, nothing else.
struct CampaignCodeHandlers: Sendable {
    let store: CampaignCodeStore
    let reserver: ReserveBatcher
    let clock: any WallClock

    init(store: CampaignCodeStore, clock: any WallClock) {
        self.store = store
        self.reserver = ReserveBatcher(store: store)
        self.clock = clock
    }

    /// Campaign codes are for supreme users (through the gateway) and for other services.
    static func authorize(_ context: RPCContext) throws {
        try context.require(anyRole: Roles.supreme, Roles.service)
    }

    func register(on runtime: ServiceRuntime) {
        runtime.registerIdempotent(CodeInventoryMethods.reserveCodes) { (request: ReserveCodesRequest, context) in try await reserve(request, context)
        }
        runtime.registerIdempotent(CodeInventoryMethods.assignCodes) { (request: AssignCodesRequest, context) in try await assign(request, context) }
        runtime.registerIdempotent(CodeInventoryMethods.releaseCodes) { (request: ReleaseCodesRequest, context) in try await release(request, context)
        }
        runtime.router.register(CodeInventoryMethods.countCodes) { (request: CountCodesRequest, context) in try await count(request, context) }
    }

    func reserve(_ request: ReserveCodesRequest, _ context: RPCContext) async throws -> ReserveCodesReply {
        try Self.authorize(context)
        let command = try ReserveCommand.validate(campaignId: request.campaignId, type: request.type, count: Int(request.count))
        let reservation = try await reserver.reserve(command, now: clock.now())
        return ReserveCodesReply(reserveId: reservation.reserveId.lowercasedString, codes: reservation.codes)
    }

    func assign(_ request: AssignCodesRequest, _ context: RPCContext) async throws -> AssignCodesReply {
        try Self.authorize(context)
        let command = try AssignCommand.validate(
            campaignId: request.campaignId,
            type: request.type,
            items: request.assignments.map { .init(code: $0.code, userId: $0.userId) }
        )
        let outcome = try await store.assign(command, now: clock.now())
        return AssignCodesReply(
            assigned: outcome.assigned,
            failed: outcome.failed.map { CodeFailure(code: $0.code, reason: $0.reason.rawValue) }
        )
    }

    func release(_ request: ReleaseCodesRequest, _ context: RPCContext) async throws -> ReleaseCodesReply {
        try Self.authorize(context)
        let command = try ReleaseCommand.validate(
            campaignId: request.campaignId,
            type: request.type,
            codes: request.codes,
            reserveId: request.reserveId
        )
        let outcome = try await store.release(command, now: clock.now())
        return ReleaseCodesReply(
            released: outcome.released,
            failed: outcome.failed.map { CodeFailure(code: $0.code, reason: $0.reason.rawValue) }
        )
    }

    func count(_ request: CountCodesRequest, _ context: RPCContext) async throws -> CountCodesReply {
        try Self.authorize(context)
        var violations = CodeRules.campaignIdViolations(request.campaignId)
        var types = CodeType.allCases
        if !request.type.isEmpty {
            switch CodeRules.type(request.type) {
            case .success(let type): types = [type]
            case .failure(let violation): violations.append(violation)
            }
        }
        guard violations.isEmpty else { throw CodeInventoryError.invalid(violations) }
        let tallies = try await store.counts(campaignId: request.campaignId, now: clock.now())
        func counts(_ type: CodeType) -> CodeCounts? {
            guard types.contains(type) else { return nil }
            let tally = tallies[type] ?? CodeTally()
            // int32 keeps JSON numbers; a campaign holds far fewer than 2³¹ codes of a type.
            return CodeCounts(
                available: Int32(clamping: tally.available),
                reserved: Int32(clamping: tally.reserved),
                assigned: Int32(clamping: tally.assigned)
            )
        }
        return CountCodesReply(tm: counts(.tm), external: counts(.external))
    }
}

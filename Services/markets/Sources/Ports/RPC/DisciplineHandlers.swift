import Bus
import Contracts
import Foundation
import ServiceKit

/// Discipline CRUD for the signed-in owner, and their rolled-up stats.
struct DisciplineHandlers: Sendable {
    let store: DisciplineStore
    let clock: any WallClock

    func register(on runtime: ServiceRuntime) {
        runtime.router.register(MarketsDisciplineMethods.createTarget) { (request: TargetInput, context) in
            let (title, goal, abort) = try Self.target(request)
            return try await store.createTarget(
                user: try AccountHandlers.userId(context),
                title: title,
                goal: goal,
                abortLoss: abort,
                now: clock.now()
            )
        }
        runtime.router.register(MarketsDisciplineMethods.updateTarget) { (request: TargetInput, context) in
            let id = try Self.id(request.id, "id")
            let (title, goal, abort) = try Self.target(request)
            return try await store.updateTarget(
                user: try AccountHandlers.userId(context),
                id: id,
                title: title,
                goal: goal,
                abortLoss: abort,
                now: clock.now()
            )
        }
        runtime.router.register(MarketsDisciplineMethods.getTarget) { (request: TargetRef, context) in
            try await store.target(user: try AccountHandlers.userId(context), id: try Self.id(request.id, "id"))
        }
        runtime.router.register(MarketsDisciplineMethods.listTargets) { (_: ListTargetsRequest, context) in
            TargetList(targets: try await store.targets(user: try AccountHandlers.userId(context)))
        }
        runtime.router.register(MarketsDisciplineMethods.deleteTarget) { (request: TargetRef, context) in
            try await store.deleteTarget(user: try AccountHandlers.userId(context), id: try Self.id(request.id, "id"))
            return request
        }
        runtime.router.register(MarketsDisciplineMethods.createAim) { (request: AimInput, context) in try await createAim(request, context) }
        runtime.router.register(MarketsDisciplineMethods.listAims) { (request: TargetRef, context) in
            AimList(aims: try await store.aims(user: try AccountHandlers.userId(context), target: try Self.id(request.id, "id")))
        }
        runtime.router.register(MarketsDisciplineMethods.deleteAim) { (request: AimRef, context) in
            try await store.deleteAim(user: try AccountHandlers.userId(context), id: try Self.id(request.id, "id"))
            return request
        }
        runtime.router.register(MarketsDisciplineMethods.createShot) { (request: ShotInput, context) in
            var violations: [Violation] = []
            let aim = UUID(uuidString: request.aimId)
            let bet = UUID(uuidString: request.betId)
            if aim == nil { violations.append(Violation("aimId", "must be an aim id")) }
            if bet == nil { violations.append(Violation("betId", "must be a bet id")) }
            guard violations.isEmpty, let aim, let bet else { throw DisciplineError.invalid(violations) }
            return try await store.createShot(user: try AccountHandlers.userId(context), aim: aim, bet: bet, now: clock.now())
        }
        runtime.router.register(MarketsDisciplineMethods.listShots) { (request: AimRef, context) in
            ShotList(shots: try await store.shots(user: try AccountHandlers.userId(context), aim: try Self.id(request.id, "id")))
        }
        runtime.router.register(MarketsDisciplineMethods.myDisciplineStats) { (_: DisciplineStatsRequest, context) in
            try await store.stats(user: try AccountHandlers.userId(context))
        }
    }

    func createAim(_ request: AimInput, _ context: RPCContext) async throws -> Aim {
        var violations: [Violation] = []
        let target = UUID(uuidString: request.targetId)
        let market = UUID(uuidString: request.marketId)
        if target == nil { violations.append(Violation("targetId", "must be a target id")) }
        if market == nil { violations.append(Violation("marketId", "must be a market id")) }
        if request.outcome.isEmpty { violations.append(Violation("outcome", "is required")) }
        let stop = request.stopLoss.isEmpty ? nil : PriceMicros.parse(request.stopLoss)
        if !request.stopLoss.isEmpty, stop == nil || !(1...999_999).contains(stop!) {
            violations.append(Violation("stopLoss", "must be a price between 0 and 1, e.g. 0.35"))
        }
        let profit = request.profitTarget.isEmpty ? nil : PriceMicros.parse(request.profitTarget)
        if !request.profitTarget.isEmpty, profit == nil || profit! < 1 {
            violations.append(Violation("profitTarget", "must be a price above 0 and at most 1, e.g. 0.8"))
        }
        if let stop, let profit, profit <= stop { violations.append(Violation("profitTarget", "must be above the stop-loss")) }
        if let problem = AccountRules.bioProblem(request.note) { violations.append(Violation("note", problem)) }
        guard violations.isEmpty, let target, let market else { throw DisciplineError.invalid(violations) }
        return try await store.createAim(
            user: try AccountHandlers.userId(context),
            target: target,
            market: market,
            outcome: request.outcome,
            stopLoss: stop,
            profitTarget: profit,
            note: request.note,
            now: clock.now()
        )
    }

    static func id(_ text: String, _ field: String) throws -> UUID {
        guard let id = UUID(uuidString: text) else { throw DisciplineError.invalid([Violation(field, "must be an id")]) }
        return id
    }

    static func target(_ request: TargetInput) throws -> (String, String, Int) {
        var violations: [Violation] = []
        let title = request.title.trimmingCharacters(in: .whitespaces)
        if !(1...100).contains(title.count) {
            violations.append(Violation("title", "must be 1 to 100 characters"))
        } else if let problem = PlainText.problem(title) {
            violations.append(Violation("title", problem))
        }
        if let problem = AccountRules.bioProblem(request.goal) { violations.append(Violation("goal", problem)) }
        if !(0...1_000_000).contains(request.abortLossCredits) { violations.append(Violation("abortLossCredits", "must be 0 (none) to 1000000")) }
        guard violations.isEmpty else { throw DisciplineError.invalid(violations) }
        return (title, request.goal, Int(request.abortLossCredits))
    }
}

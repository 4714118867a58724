import Bus
import Contracts
import Foundation
import ServiceKit

/// The PnL and volume leaderboards (served from `LeaderboardCache`) and the caller's ranks (always exact).
struct LeaderboardHandlers: Sendable {
    let leaderboards: LeaderboardStore
    let cache: LeaderboardCache
    let clock: any WallClock

    func register(on runtime: ServiceRuntime) {
        registerBoard(.pnl, as: MarketsMethods.pnlLeaderboard, on: runtime)
        registerBoard(.volume, as: MarketsMethods.volumeLeaderboard, on: runtime)
        runtime.router.register(MarketsMethods.myRanks) { (request: MyRanksRequest, context) in
            let userId = try AccountHandlers.userId(context)
            return try await leaderboards.ranks(userId: userId, period: try LeaderboardQuery.period(request.period), now: clock.now())
        }
    }

    /// A board on raw bytes, so a cached reply is returned without encoding it again.
    private func registerBoard(_ board: LeaderboardStore.Board, as method: RPCMethod<LeaderboardRequest, Leaderboard>, on runtime: ServiceRuntime) {
        runtime.router.registerRaw(method) { body, _ in
            let request: LeaderboardRequest
            do {
                request = try LeaderboardRequest(serializedBytes: body)
            } catch {
                throw RPCError.invalidArgument("body is not a valid \(LeaderboardRequest.protoName)")
            }
            let query = try LeaderboardQuery.validate(period: request.period, limit: request.limit)
            return try await cache.reply("\(board.rawValue)|\(query.period.rawValue)|\(query.limit)") {
                var reply = try await leaderboards.top(board, query, now: clock.now())
                reply.staleSeconds = cache.staleSeconds
                return try reply.serializedBytes()
            }
        }
    }
}

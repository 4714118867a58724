import Bus
import Contracts
import Foundation
import ServiceKit

/// The PnL and volume leaderboards and the caller's ranks.
struct LeaderboardHandlers: Sendable {
    let leaderboards: LeaderboardStore
    let clock: any WallClock

    func register(on runtime: ServiceRuntime) {
        runtime.router.register("PnlLeaderboard") { (request: LeaderboardRequest, _) in
            try await leaderboards.top(.pnl, try LeaderboardQuery.validate(period: request.period, limit: request.limit), now: clock.now())
        }
        runtime.router.register("VolumeLeaderboard") { (request: LeaderboardRequest, _) in
            try await leaderboards.top(.volume, try LeaderboardQuery.validate(period: request.period, limit: request.limit), now: clock.now())
        }
        runtime.router.register("MyRanks") { (request: MyRanksRequest, context) in
            let userId = try AccountHandlers.userId(context)
            return try await leaderboards.ranks(userId: userId, period: try LeaderboardQuery.period(request.period), now: clock.now())
        }
    }
}

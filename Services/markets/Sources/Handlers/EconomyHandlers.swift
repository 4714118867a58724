import Bus
import Contracts
import Foundation
import ServiceKit

/// The economy methods built so far: the daily reward and the referral summary.
struct EconomyHandlers: Sendable {
    let rewards: DailyRewardStore
    let referrals: ReferralStore
    let clock: any WallClock

    func register(on runtime: ServiceRuntime) {
        runtime.router.register("ClaimDailyCredits") { (_: ClaimDailyCreditsRequest, context) in
            try await rewards.claim(userId: try AccountHandlers.userId(context), now: clock.now())
        }
        runtime.router.register("MyReferrals") { (_: MyReferralsRequest, context) in
            try await referrals.summary(userId: try AccountHandlers.userId(context))
        }
    }
}

import Foundation

/// Decides which lots a redemption consumes: oldest expiry first, expired lots never.
public enum LotPlanner {
    /// The draws that take exactly `points` from the unexpired `lots`, or nil when they hold fewer.
    public static func draws(points: Int, from lots: [OpenLot], at now: Date) -> [LotDraw]? {
        guard points > 0 else { return [] }
        var left = points
        var draws: [LotDraw] = []
        let usable = lots.filter { $0.remaining > 0 && !ExpiryPolicy.isExpired($0.expiresAt, at: now) }
            .sorted { ($0.expiresAt, $0.id) < ($1.expiresAt, $1.id) }
        for lot in usable where left > 0 {
            let take = min(left, lot.remaining)
            draws.append(LotDraw(lotId: lot.id, points: take))
            left -= take
        }
        return left == 0 ? draws : nil
    }

    /// Points available now: the unexpired remainder of every lot.
    public static func available(_ lots: [OpenLot], at now: Date) -> Int {
        lots.filter { !ExpiryPolicy.isExpired($0.expiresAt, at: now) }.reduce(0) { $0 + $1.remaining }
    }
}

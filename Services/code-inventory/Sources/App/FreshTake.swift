import Foundation
import Store

/// The never-reserved codes a reserve batch read, dealt to its shares in seq order.
///
/// Each share gets the next `count` codes (the first shares are complete when codes run short),
/// and the seq range from its first code to its last is what its `reservations` row holds.
struct FreshTake: Equatable {
    /// The seqs from a share's first fresh code to its last.
    struct SeqRange: Equatable {
        var first: Int64
        var last: Int64
    }

    /// Each share's codes, for the shares that got any.
    var codes: [UUID: [String]] = [:]
    /// Each share's first and last seq, for the shares that got any.
    var ranges: [UUID: SeqRange] = [:]
    /// Codes dealt in all.
    var count = 0
    /// The highest seq dealt: where the lane's cursor moves.
    var lastSeq: Int64?

    /// Deals `codes` (code and seq, in seq order) to `shares`; codes past their total are left.
    init(codes: [(code: String, seq: Int64)], shares: [ReserveShare]) {
        var next = codes.startIndex
        for share in shares {
            guard next < codes.endIndex else { break }
            let end = min(next + share.count, codes.endIndex)
            let dealt = codes[next..<end]
            self.codes[share.reserveId] = dealt.map(\.code)
            ranges[share.reserveId] = SeqRange(first: dealt.first!.seq, last: dealt.last!.seq)
            count += dealt.count
            next = end
        }
        lastSeq = count > 0 ? codes[next - 1].seq : nil
    }

    /// Deals the rows of `CampaignCodeStore.freshTakeStatement` (only the rows dealt are decoded).
    init(rows: QueryResult, shares: [ReserveShare]) throws {
        let wanted = shares.reduce(0) { $0 + $1.count }
        var codes: [(code: String, seq: Int64)] = []
        codes.reserveCapacity(min(wanted, rows.count))
        for row in rows.prefix(wanted) {
            codes.append((try row.decode("code", as: String.self), try row.decode("seq", as: Int64.self)))
        }
        self.init(codes: codes, shares: shares)
    }
}

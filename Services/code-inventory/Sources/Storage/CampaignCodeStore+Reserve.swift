import Contracts
import Foundation
import ServiceKit
import Store

/// One reservation of a batch: its id and how many codes it asked for.
struct ReserveShare: Sendable, Equatable {
    var reserveId: UUID
    var count: Int
}

extension CampaignCodeStore {
    /// Reserves codes of one campaign and type for several reservations in one transaction (see
    /// `ReserveBatcher`); returns the codes of each share, in order, `[]` for a share that got none,
    /// and the last never-reserved code taken (where the next batch starts looking).
    ///
    /// Never-reserved codes come first, taken in code order from `after` (the code the previous
    /// batch ended at, so a scan does not walk over the index entries of codes reserved before),
    /// then from the start, then codes of expired reservations. Shares are filled in order: when
    /// codes run short the first ones are complete and the later ones get fewer. Rows are taken
    /// with `FOR UPDATE SKIP LOCKED`, so other processes' reservers never get the same code. Each
    /// share that got codes becomes one `reservations` row, written with its event.
    func reserve(_ shares: [ReserveShare], campaignId: String, type: CodeType, after: String?,
                 now: Date) async throws -> (codes: [[String]], resumeAfter: String?) {
        try await pool.blockingTransaction(maxAttempts: 2) { tx in
            var taken: [UUID: [String]] = [:]
            func missing() -> [ReserveShare] {
                shares.compactMap { share in
                    let left = share.count - (taken[share.reserveId]?.count ?? 0)
                    return left > 0 ? ReserveShare(reserveId: share.reserveId, count: left) : nil
                }
            }
            func take(_ candidates: SQL, set: SQL) throws -> [String] {
                let wanted = missing()
                guard !wanted.isEmpty else { return [] }
                var codes: [String] = []
                for row in try tx.query(Self.takeStatement(wanted, candidates: candidates, set: set)) {
                    let code = try row.decode("code", as: String.self)
                    taken[try row.decode("reserve_id", as: UUID.self), default: []].append(code)
                    codes.append(code)
                }
                return codes
            }
            let available: SQL = """
                SELECT c.ctid FROM codes c
                WHERE c.campaign_id = \(campaignId) AND c.type = \(type.rawValue) AND c.state = 'available'
                """
            let fresh: SQL = "state = 'reserved', reserve_id = share.reserve_id, reserved_at = \(now)"
            var freshCount = 0
            var resumeAfter: String?
            for candidates: SQL in (after.map { [available + " AND c.code > \($0) ORDER BY c.code"] } ?? []) + [available + " ORDER BY c.code"] {
                let codes = try take(candidates, set: fresh)
                freshCount += codes.count
                resumeAfter = codes.max() ?? resumeAfter
            }
            _ = try take(Self.expiredCodes(campaignId: campaignId, types: [type], now: now, select: "c.ctid") + " ORDER BY r.reserved_at",
                         set: "reserve_id = share.reserve_id, reserved_at = \(now)")
            let codes = shares.map { (taken[$0.reserveId] ?? []).sorted() }
            var events: [(topic: String, payload: [UInt8])] = []
            var reservations: [SQL] = []
            for (share, codes) in zip(shares, codes) where !codes.isEmpty {
                reservations.append("(\(share.reserveId), \(campaignId), \(type.rawValue), \(now), \(codes)::text[])")
                let event = CodesReserved(campaignId: campaignId, type: type.rawValue, reserveId: share.reserveId.uuidString.lowercased(),
                                          codes: codes, reservedAt: Timestamps.format(now),
                                          expiresAt: Timestamps.format(ReservationPolicy.expiresAt(reservedAt: now)))
                events.append((topics.codesReserved, try event.serializedBytes()))
            }
            guard !events.isEmpty else { return (codes, resumeAfter) }
            // A taken expired reservation was counted as reserved already: only fresh codes move.
            let counters = CodeCounters.upsert(campaignId: campaignId, type: type, available: -freshCount, reserved: freshCount)
            try tx.execute("""
                WITH counters AS (\(counters)),
                     reservations AS (INSERT INTO reservations (reserve_id, campaign_id, type, reserved_at, codes)
                                      VALUES \(reservations.joined()))
                \(outbox.insert(events))
                """)
            return (codes, resumeAfter)
        }
    }

    /// One statement that locks up to the shares' total of `candidates` (a `SELECT c.ctid … ORDER BY`
    /// of this campaign's codes, aliased `c`), skipping rows other transactions hold, and gives them out in order: the
    /// first share gets the first `count` rows, the next share the next ones, and so on (one slot
    /// row per code wanted, joined by position: a hash join, not a lookup per row). The rows are
    /// updated by their physical address (`ctid`), which cannot change while this transaction
    /// holds their locks: no primary-key lookup per row.
    static func takeStatement(_ shares: [ReserveShare], candidates: SQL, set: SQL) -> SQL {
        """
        WITH slots AS (
            SELECT w.reserve_id, row_number() OVER (ORDER BY w.ord) AS rn
            FROM unnest(\(shares.map(\.reserveId))::uuid[], \(shares.map(\.count))::int[]) WITH ORDINALITY AS w(reserve_id, n, ord),
                 generate_series(1, w.n)
        ), picked AS MATERIALIZED (
            SELECT c.ctid AS tid, row_number() OVER () AS rn
            FROM (\(candidates) LIMIT \(shares.reduce(0) { $0 + $1.count }) FOR UPDATE OF c SKIP LOCKED) c
        ), share AS (
            SELECT picked.tid, slots.reserve_id FROM picked JOIN slots USING (rn)
        )
        UPDATE codes SET \(set)
        FROM share WHERE codes.ctid = share.tid
        RETURNING codes.code, codes.reserve_id
        """
    }
}

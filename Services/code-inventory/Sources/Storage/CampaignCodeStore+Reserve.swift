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
    /// `ReserveBatcher`); returns the codes of each share, in order, `[]` for a share that got none.
    ///
    /// Never-reserved codes come first, in `seq` order after the lane's cursor (which this
    /// transaction locks first and moves past the codes it takes), then returned codes (released or
    /// reset by the expiry job), then codes of expired reservations. Shares are filled in order:
    /// when codes run short the first ones are complete and the later ones get fewer. The cursor's
    /// lock makes reserves of one lane take turns across processes, so never-reserved codes are
    /// locked waiting rather than skipped (a skipped code behind the cursor would be lost to reserve);
    /// returned and expired codes, found from the start every time, are taken `SKIP LOCKED`. Each
    /// share that got codes becomes one `reservations` row, written with its event.
    func reserve(_ shares: [ReserveShare], campaignId: String, type: CodeType, now: Date) async throws -> [[String]] {
        try await pool.blockingTransaction(maxAttempts: 2) { tx in
            var taken: [UUID: [String]] = [:]
            func missing() -> [ReserveShare] {
                shares.compactMap { share in
                    let left = share.count - (taken[share.reserveId]?.count ?? 0)
                    return left > 0 ? ReserveShare(reserveId: share.reserveId, count: left) : nil
                }
            }
            /// Takes what the shares still miss from `candidates`; returns how many and the highest seq.
            func take(_ candidates: SQL, set: SQL, skipLocked: Bool) throws -> (count: Int, lastSeq: Int64?) {
                let wanted = missing()
                guard !wanted.isEmpty else { return (0, nil) }
                var count = 0
                var lastSeq: Int64?
                for row in try tx.query(Self.takeStatement(wanted, candidates: candidates, set: set, skipLocked: skipLocked)) {
                    taken[try row.decode("reserve_id", as: UUID.self), default: []].append(try row.decode("code", as: String.self))
                    let seq = try row.decode("seq", as: Int64.self)
                    lastSeq = max(lastSeq ?? seq, seq)
                    count += 1
                }
                return (count, lastSeq)
            }
            let lane: SQL = "c.campaign_id = \(campaignId) AND c.type = \(type.rawValue)"
            let reserve: SQL = "state = 'reserved', reserve_id = share.reserve_id, reserved_at = \(now), returned = false"
            let fresh = try take("""
                SELECT c.ctid, c.seq FROM codes c
                WHERE \(lane) AND c.state = 'available' AND c.seq > (
                    SELECT reserved_through FROM reserve_cursors
                    WHERE campaign_id = \(campaignId) AND type = \(type.rawValue) FOR UPDATE)
                ORDER BY c.seq
                """, set: reserve, skipLocked: false)
            let returned = try take("SELECT c.ctid, c.seq FROM codes c WHERE \(lane) AND c.returned AND c.state = 'available' ORDER BY c.seq",
                                    set: reserve, skipLocked: true)
            _ = try take(Self.expiredCodes(campaignId: campaignId, types: [type], now: now, select: "c.ctid, c.seq") + " ORDER BY r.reserved_at",
                         set: "reserve_id = share.reserve_id, reserved_at = \(now)", skipLocked: true)
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
            guard !events.isEmpty else { return codes }
            // A taken expired reservation was counted as reserved already: only available codes move.
            let moved = fresh.count + returned.count
            let counters = CodeCounters.upsert(campaignId: campaignId, type: type, available: -moved, reserved: moved)
            let cursor: SQL = fresh.lastSeq.map { """
                cursor AS (UPDATE reserve_cursors SET reserved_through = \($0)
                           WHERE campaign_id = \(campaignId) AND type = \(type.rawValue)),
                """ } ?? ""
            try tx.execute("""
                WITH \(cursor) counters AS (\(counters)),
                     reservations AS (INSERT INTO reservations (reserve_id, campaign_id, type, reserved_at, codes)
                                      VALUES \(reservations.joined()))
                \(outbox.insert(events))
                """)
            return codes
        }
    }

    /// One statement that locks up to the shares' total of `candidates` (a `SELECT c.ctid, c.seq …
    /// ORDER BY` of this campaign's codes, aliased `c`), waiting for or skipping rows other
    /// transactions hold, and gives them out in order: the
    /// first share gets the first `count` rows, the next share the next ones, and so on (one slot
    /// row per code wanted, joined by position: a hash join, not a lookup per row). The rows are
    /// updated by their physical address (`ctid`), which cannot change while this transaction
    /// holds their locks: no primary-key lookup per row.
    static func takeStatement(_ shares: [ReserveShare], candidates: SQL, set: SQL, skipLocked: Bool) -> SQL {
        """
        WITH slots AS (
            SELECT w.reserve_id, row_number() OVER (ORDER BY w.ord) AS rn
            FROM unnest(\(shares.map(\.reserveId))::uuid[], \(shares.map(\.count))::int[]) WITH ORDINALITY AS w(reserve_id, n, ord),
                 generate_series(1, w.n)
        ), picked AS MATERIALIZED (
            SELECT c.ctid AS tid, row_number() OVER () AS rn
            FROM (\(candidates) LIMIT \(shares.reduce(0) { $0 + $1.count }) FOR UPDATE OF c \(unsafeRaw: skipLocked ? "SKIP LOCKED" : "")) c
        ), share AS (
            SELECT picked.tid, slots.reserve_id FROM picked JOIN slots USING (rn)
        )
        UPDATE codes SET \(set)
        FROM share WHERE codes.ctid = share.tid
        RETURNING codes.code, codes.reserve_id, codes.seq
        """
    }
}

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
    /// transaction locks first and moves past the codes it takes; see `freshTakeStatement`). They
    /// are read, not written: each share's `reservations` row records the seq range of the fresh
    /// codes it got, and that range holds them (migration 0005). Then returned codes (released, or
    /// reset by the expiry job), then codes of expired reservations, both found from the start every
    /// time, taken `FOR UPDATE SKIP LOCKED` and written as `reserved` by their new reservation.
    /// Shares are filled in order: when codes run short the first ones are complete and the later
    /// ones get fewer. Each share that got codes becomes one `reservations` row; one
    /// `codes_reserved` event lists them all.
    func reserve(_ shares: [ReserveShare], campaignId: String, type: CodeType, now: Date) async throws -> [[String]] {
        try await pool.blockingTransaction(maxAttempts: 2) { tx in
            var taken: [UUID: [String]] = [:]
            func missing() -> [ReserveShare] {
                shares.compactMap { share in
                    let left = share.count - (taken[share.reserveId]?.count ?? 0)
                    return left > 0 ? ReserveShare(reserveId: share.reserveId, count: left) : nil
                }
            }
            /// Takes what the shares still miss with `statement` (after `setting`, in the same round
            /// trip); returns how many.
            func take(after setting: SQL? = nil, _ statement: ([ReserveShare]) -> SQL) throws -> Int {
                let wanted = missing()
                guard !wanted.isEmpty else { return 0 }
                let sql = statement(wanted)
                let rows = try setting.map { try tx.queryAll([$0, sql])[1] } ?? tx.query(sql)
                for row in rows {
                    taken[try row.decode("reserve_id", as: UUID.self), default: []].append(try row.decode("code", as: String.self))
                }
                return rows.count
            }
            let wanted = shares.reduce(0) { $0 + $1.count }
            // The fresh take and the write after it with generic plans: Postgres planned the take at
            // every run (~0.13 ms a batch, a fifth of its time) for the same index scan. The takes
            // of returned and expired codes depend on their LIMIT, so they go back to custom plans.
            let freshRows = try tx.queryAll([SQL.genericPlans, Self.freshTakeStatement(count: wanted, campaignId: campaignId, type: type)])[1]
            let fresh = try FreshTake(rows: freshRows, shares: shares)
            for (reserveId, codes) in fresh.codes { taken[reserveId] = codes }
            let returned = try take(after: SQL.customPlans) {
                Self.takeStatement(
                    $0,
                    candidates: """
                        SELECT c.ctid, c.seq FROM codes c
                        WHERE c.campaign_id = \(campaignId) AND c.type = \(type.rawValue) AND c.returned AND c.state = 'available'
                        ORDER BY c.seq
                        """,
                    set: "state = 'reserved', reserve_id = share.reserve_id, reserved_at = \(now), returned = false"
                )
            }
            // A code held by an expired reservation's range is written as `reserved` here too.
            _ = try take {
                Self.takeStatement(
                    $0,
                    candidates: Self.expiredCodes(campaignId: campaignId, types: [type], now: now, select: "c.ctid, c.seq")
                        + " ORDER BY r.reserved_at",
                    set: "state = 'reserved', reserve_id = share.reserve_id, reserved_at = \(now)"
                )
            }
            let codes = shares.map { (taken[$0.reserveId] ?? []).sorted() }
            var reservations: [SQL] = []
            var announced: [CodeReservation] = []
            for (share, codes) in zip(shares, codes) where !codes.isEmpty {
                let range = fresh.ranges[share.reserveId]
                reservations.append("(\(share.reserveId)::uuid, \(codes)::text[], \(range?.first)::bigint, \(range?.last)::bigint)")
                announced.append(CodeReservation(reserveId: share.reserveId.lowercasedString, codes: codes))
            }
            guard !announced.isEmpty else { return codes }
            // One event for the batch: an outbox row costs its insert and the relay's numbering
            // update (a non-HOT update, ~15 µs in Postgres) however small its payload.
            let event = CodesReserved(
                campaignId: campaignId,
                type: type.rawValue,
                reservedAt: Timestamps.format(now),
                expiresAt: Timestamps.format(ReservationPolicy.expiresAt(reservedAt: now)),
                reservations: announced
            )
            let payload = try event.serializedBytes()
            // A taken expired reservation was counted as reserved already: only available codes move.
            let moved = fresh.count + returned
            let counters = CodeCounters.upsert(campaignId: campaignId, type: type, available: -moved, reserved: moved)
            let cursor: SQL =
                fresh.lastSeq.map {
                    """
                    cursor AS (UPDATE reserve_cursors SET reserved_through = \($0)
                               WHERE campaign_id = \(campaignId) AND type = \(type.rawValue)),
                    """
                } ?? ""
            // The last statement: COMMIT goes with it.
            _ = try tx.queryAndCommit(
                """
                WITH \(cursor) counters AS (\(counters)),
                     reservations AS (INSERT INTO reservations (reserve_id, campaign_id, type, reserved_at, codes, first_seq, last_seq)
                                      SELECT v.reserve_id, \(campaignId), \(type.rawValue), \(now)::timestamptz, v.codes, v.first_seq, v.last_seq
                                      FROM (VALUES \(reservations.joined())) AS v(reserve_id, codes, first_seq, last_seq))
                \(outbox.insert(topic: topics.codesReserved, payload: payload))
                """
            )
            return codes
        }
    }

    /// One statement that locks up to the shares' total of `candidates` (a `SELECT c.ctid, c.seq …
    /// ORDER BY` of this campaign's codes, aliased `c`), skipping rows other transactions hold, and
    /// gives them out in order: the
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
        RETURNING codes.code, codes.reserve_id, codes.seq
        """
    }

    /// The read of never-reserved codes: the first ones after the lane's cursor, in seq order.
    ///
    /// The cursor's row is locked first (an InitPlan, evaluated before the scan), so reserves of a
    /// lane take turns and no other reserve reads the same codes. Nothing else changes a code after
    /// the cursor (assign, release and expiry change reserved codes only), so the codes need no
    /// lock of their own, and they are not written: the reservations' ranges hold them.
    ///
    /// The scan's LIMIT is a constant (the count rounded up to a bucket) so that Postgres can
    /// keep one generic plan per bucket instead of planning the statement at every run (with a
    /// parameter there, the generic plan would not be an index scan); the outer LIMIT, a
    /// parameter on the scan's output, returns only the rows wanted.
    static func freshTakeStatement(count: Int, campaignId: String, type: CodeType) -> SQL {
        """
        SELECT code, seq FROM (
            SELECT c.code, c.seq FROM codes c
            WHERE c.campaign_id = \(campaignId) AND c.type = \(type.rawValue) AND c.state = 'available' AND c.seq > (
                SELECT reserved_through FROM reserve_cursors
                WHERE campaign_id = \(campaignId) AND type = \(type.rawValue) FOR UPDATE)
            ORDER BY c.seq LIMIT \(unsafeRaw: String(scanBucket(count)))
        ) fresh ORDER BY seq LIMIT \(count)
        """
    }

    /// `count` rounded up to a multiple of 32 up to 512, beyond that to a power of two: about
    /// twenty statement texts in all, and never more than twice the rows read.
    static func scanBucket(_ count: Int) -> Int {
        guard count > 512 else { return max(32, (count + 31) / 32 * 32) }
        var bucket = 1_024
        while bucket < count { bucket *= 2 }
        return bucket
    }
}

import Contracts
import Foundation
import ServiceKit
import Store

extension CampaignCodeStore {
    /// Returns reserved codes to available: the listed ones, or every code still held by a reservation.
    public func release(_ command: ReleaseCommand, now: Date) async throws -> (released: [String], failed: [(code: String, reason: FailureReason)]) {
        try await pool.transaction { tx in
            let released: [String]
            var failed: [(code: String, reason: FailureReason)] = []
            switch command.selection {
            case .codes(let codes):
                let stored = try await lockCodes(codes, campaignId: command.campaignId, type: command.type, tx)
                let decision = CodeDecision.release(codes, stored: stored)
                failed = decision.failed
                released = decision.release
                if !released.isEmpty {
                    try await tx.execute(
                        """
                        UPDATE codes SET state = 'available', reserve_id = NULL, reserved_at = NULL, returned = true
                        WHERE campaign_id = \(command.campaignId) AND code = ANY(\(released)::text[])
                        """
                    )
                }
            case .reservation(let reserveId):
                (released, failed) = try await releaseReservation(reserveId, command: command, now: now, tx)
            }
            if !released.isEmpty {
                try await CodeCounters.add(
                    tx,
                    campaignId: command.campaignId,
                    type: command.type,
                    available: released.count,
                    reserved: -released.count
                )
                let event = CodesReleased(
                    campaignId: command.campaignId,
                    type: command.type.rawValue,
                    codes: released,
                    reason: "request",
                    releasedAt: Timestamps.format(now)
                )
                try await outbox.enqueue(tx, topic: topics.codesReleased, payload: try event.serializedBytes())
            }
            return (released, failed)
        }
    }

    /// Releases every code a reservation still holds and drops its row; the codes it listed and no
    /// longer holds come back in `failed` with the reason why.
    private func releaseReservation(
        _ reserveId: UUID,
        command: ReleaseCommand,
        now: Date,
        _ tx: Transaction
    ) async throws
        -> (released: [String], failed: [(code: String, reason: FailureReason)])
    {
        // A concurrent assign holds its rows locked; after it commits they are no longer
        // held and the re-checked WHERE skips them.
        let rows = try await tx.query(
            """
            WITH reservation AS (
                DELETE FROM reservations
                WHERE reserve_id = \(reserveId) AND campaign_id = \(command.campaignId) AND type = \(command.type.rawValue)
                RETURNING reserve_id, campaign_id, codes, first_seq, last_seq, reserved_at
            ), released AS (
                UPDATE codes c SET state = 'available', reserve_id = NULL, reserved_at = NULL, returned = true
                FROM reservation r
                WHERE c.campaign_id = r.campaign_id AND c.code = ANY(r.codes) AND \(Self.heldByReservation)
                RETURNING c.code
            )
            SELECT r.codes, r.reserved_at, ARRAY(SELECT code FROM released) AS released FROM reservation r
            """
        )
        guard let row = rows.first else {
            throw CodeInventoryError.reservationNotFound(reserveId, campaignId: command.campaignId, type: command.type)
        }
        let listed = try row.decode("codes", as: [String].self)
        let released = try row.decode("released", as: [String].self).sorted()
        let releasedSet = Set(released)
        let rest = listed.filter { !releasedSet.contains($0) }
        // A second statement, so a fresh snapshot: it sees an assign that committed while the
        // UPDATE above waited for its rows.
        let assigned =
            rest.isEmpty
            ? []
            : Set(
                try await tx.query(
                    """
                    SELECT code FROM codes
                    WHERE campaign_id = \(command.campaignId) AND code = ANY(\(rest)::text[]) AND state = 'assigned'
                    """
                ).map { try $0.decode("code", as: String.self) }
            )
        let failed = CodeDecision.releaseReservation(
            notHeld: rest,
            assigned: assigned,
            reservedAt: try row.decode("reserved_at", as: Date.self),
            now: now
        )
        return (released, failed)
    }
}

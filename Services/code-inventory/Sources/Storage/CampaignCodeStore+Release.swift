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
                    try await tx.execute("""
                        UPDATE codes SET state = 'available', reserve_id = NULL, reserved_at = NULL, returned = true
                        WHERE campaign_id = \(command.campaignId) AND code = ANY(\(released)::text[])
                        """)
                }
            case .reservation(let reserveId):
                // A concurrent assign holds its rows locked; after it commits they are no longer
                // held and the re-checked WHERE skips them.
                // The reservation row goes too: none of its codes is held by it any more.
                released = try await tx.query("""
                    WITH reservation AS (
                        DELETE FROM reservations
                        WHERE reserve_id = \(reserveId) AND campaign_id = \(command.campaignId) AND type = \(command.type.rawValue)
                        RETURNING reserve_id, campaign_id, codes, first_seq, last_seq
                    )
                    UPDATE codes c SET state = 'available', reserve_id = NULL, reserved_at = NULL, returned = true
                    FROM reservation r
                    WHERE c.campaign_id = r.campaign_id AND c.code = ANY(r.codes) AND \(Self.heldByReservation)
                    RETURNING c.code
                    """).map { try $0.decode("code", as: String.self) }.sorted()
            }
            if !released.isEmpty {
                try await CodeCounters.add(tx, campaignId: command.campaignId, type: command.type,
                                           available: released.count, reserved: -released.count)
                let event = CodesReleased(campaignId: command.campaignId, type: command.type.rawValue, codes: released,
                                          reason: "request", releasedAt: Timestamps.format(now))
                try await outbox.enqueue(tx, topic: topics.codesReleased, payload: try event.serializedBytes())
            }
            return (released, failed)
        }
    }
}

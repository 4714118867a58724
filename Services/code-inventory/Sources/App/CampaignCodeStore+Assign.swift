import Contracts
import Foundation
import ServiceKit
import Store

extension CampaignCodeStore {
    /// Assigns the codes that are reserved and still held, all in one transaction with its event.
    public func assign(_ command: AssignCommand, now: Date) async throws -> (assigned: [String], failed: [(code: String, reason: FailureReason)]) {
        try await pool.transaction { tx in
            let stored = try await lockCodes(command.items.map(\.code), campaignId: command.campaignId, type: command.type, tx)
            let decision = CodeDecision.assign(command.items, stored: stored, now: now)
            if !decision.assign.isEmpty {
                try await tx.execute(
                    """
                    UPDATE codes SET state = 'assigned', assigned_to = a.user_id, assigned_at = \(now)
                    FROM unnest(\(decision.assign.map(\.code))::text[], \(decision.assign.map(\.userId))::text[]) AS a(code, user_id)
                    WHERE codes.campaign_id = \(command.campaignId) AND codes.code = a.code
                    """
                )
                try await CodeCounters.add(
                    tx,
                    campaignId: command.campaignId,
                    type: command.type,
                    reserved: -decision.assign.count,
                    assigned: decision.assign.count
                )
                let event = CodesAssigned(
                    campaignId: command.campaignId,
                    type: command.type.rawValue,
                    assignments: decision.assign.map { CodeAssignment(code: $0.code, userId: $0.userId) },
                    assignedAt: Timestamps.format(now)
                )
                try await outbox.enqueue(tx, topic: topics.codesAssigned, payload: try event.serializedBytes())
            }
            return (decision.assign.map(\.code), decision.failed)
        }
    }
}

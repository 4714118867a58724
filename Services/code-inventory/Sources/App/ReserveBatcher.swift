import Bus
import Foundation
import Synchronization

/// Group commit of reservations: while one batch of a campaign and type is being reserved, new
/// requests for it queue up and go together in the next transaction (up to `batchLimit` codes).
///
/// Concurrent reservers of one campaign then cost one transaction per batch instead of one each,
/// and they no longer compete for the same first rows of the index (skipping each other's locks).
/// Each request still gets its own reservation id and codes (one event lists the batch's). Other processes' reservers are
/// kept apart by the row locks (`FOR UPDATE SKIP LOCKED`).
final class ReserveBatcher: Sendable {
    private struct Lane: Hashable {
        var campaignId: String
        var type: CodeType
    }

    private struct Waiting {
        var share: ReserveShare
        var now: Date
        var continuation: CheckedContinuation<Result<[String], any Error>, Never>
    }

    private struct LaneState {
        var waiting: [Waiting] = []
        var writing = false
    }

    /// Attempts after the first when a reservation found nothing but locked candidates exist.
    static let reserveRetries = 3

    private let store: CampaignCodeStore
    private let batchLimit: Int
    private let lanes = Mutex<[Lane: LaneState]>([:])

    /// `batchLimit` caps the codes one transaction reserves (a request is never split).
    init(store: CampaignCodeStore, batchLimit: Int = 5_000) {
        self.store = store
        self.batchLimit = batchLimit
    }

    /// Reserves up to `count` codes: never-reserved ones first, then expired reservations. When
    /// nothing was free but rows were locked by transactions still running (which may roll back),
    /// it tries again, at most `reserveRetries` times; then it is `noCodesAvailable`.
    func reserve(_ command: ReserveCommand, now: Date) async throws -> (reserveId: UUID, codes: [String]) {
        let lane = Lane(campaignId: command.campaignId, type: command.type)
        for attempt in 0...Self.reserveRetries {
            let share = ReserveShare(reserveId: UUID.random(), count: command.count)
            let codes = try await submit(share, lane: lane, now: now)
            if !codes.isEmpty { return (share.reserveId, codes) }
            guard attempt < Self.reserveRetries,
                try await store.lockedCandidatesExist(campaignId: command.campaignId, type: command.type, now: now)
            else { break }
            try await Task.sleep(for: .milliseconds(2 << attempt))
        }
        throw CodeInventoryError.noCodesAvailable(campaignId: command.campaignId, type: command.type)
    }

    /// Queues the share on its lane and waits for the batch that carries it.
    ///
    /// A request with an idempotency key runs in a transaction that also claims its key and stores
    /// its reply (`registerIdempotent`): its reservation must commit in that transaction, not in a
    /// batch of its own, or a retry after a lost commit would reserve a second time. It reserves
    /// alone, in the caller's transaction.
    private func submit(_ share: ReserveShare, lane: Lane, now: Date) async throws -> [String] {
        if store.pool.joinsAmbientTransaction {
            return try await store.reserve([share], campaignId: lane.campaignId, type: lane.type, now: now)[0]
        }
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<[String], any Error>, Never>) in
            let startWriter = lanes.withLock { lanes -> Bool in
                lanes[lane, default: LaneState()].waiting.append(Waiting(share: share, now: now, continuation: continuation))
                guard lanes[lane]?.writing == false else { return false }
                lanes[lane]?.writing = true
                return true
            }
            // Detached: a cancelled request must not cancel the batch other requests wait for.
            if startWriter { Task.detached { await self.drain(lane) } }
        }
        return try result.get()
    }

    /// Reserves batches of the lane until nothing waits.
    private func drain(_ lane: Lane) async {
        while true {
            let batch = lanes.withLock { lanes -> [Waiting] in
                guard var state = lanes[lane] else { return [] }
                var total = 0
                let taken = state.waiting.prefix { waiting in
                    defer { total += waiting.share.count }
                    return total == 0 || total + waiting.share.count <= batchLimit
                }.count
                let batch = Array(state.waiting.prefix(taken))
                state.waiting.removeFirst(taken)
                state.writing = !batch.isEmpty
                // An idle lane is forgotten.
                lanes[lane] = batch.isEmpty ? nil : state
                return batch
            }
            guard !batch.isEmpty else { return }
            do {
                // The batch reserves at the latest clock reading among its requests.
                let now = batch.map(\.now).max() ?? Date()
                let codes = try await store.reserve(batch.map(\.share), campaignId: lane.campaignId, type: lane.type, now: now)
                for (waiting, codes) in zip(batch, codes) { waiting.continuation.resume(returning: .success(codes)) }
            } catch {
                for waiting in batch { waiting.continuation.resume(returning: .failure(error)) }
            }
        }
    }
}

import Foundation
import Synchronization

/// Group commit of attempt outcomes: while one write runs, finished attempts queue up and go
/// together in the next (one statement for up to `batchLimit`), so the queue's database work per
/// claim shrinks as load grows. Writes run detached: a cancelled worker still records what ran.
final class OutcomeRecorder: Sendable {
    private struct Waiting {
        var attempt: FinishedAttempt
        var continuation: CheckedContinuation<Result<Bool, any Error>, Never>
    }

    private let queue: ClaimQueue
    private let batchLimit: Int
    private let state = Mutex<(waiting: [Waiting], writing: Bool)>(([], false))

    init(queue: ClaimQueue, batchLimit: Int = 200) {
        self.queue = queue
        self.batchLimit = batchLimit
    }

    /// Writes the attempt's outcome; false when the job's lease was lost before it was written.
    func record(_ attempt: FinishedAttempt) async throws -> Bool {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<Bool, any Error>, Never>) in
            let startWriter = state.withLock { state -> Bool in
                state.waiting.append(Waiting(attempt: attempt, continuation: continuation))
                guard !state.writing else { return false }
                state.writing = true
                return true
            }
            if startWriter { Task.detached { await self.writeAll() } }
        }
        return try result.get()
    }

    /// Writes batches until nothing waits.
    private func writeAll() async {
        while true {
            let batch = state.withLock { state -> [Waiting] in
                let batch = Array(state.waiting.prefix(batchLimit))
                state.waiting.removeFirst(batch.count)
                if batch.isEmpty { state.writing = false }
                return batch
            }
            guard !batch.isEmpty else { return }
            do {
                let written = try await queue.finish(batch.map(\.attempt))
                for waiting in batch { waiting.continuation.resume(returning: .success(written.contains(waiting.attempt.job.id))) }
            } catch {
                for waiting in batch { waiting.continuation.resume(returning: .failure(error)) }
            }
        }
    }
}

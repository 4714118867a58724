import Synchronization

/// The worker's free slots, and a wake-up for the loop waiting for one to free.
final class SlotCounter: Sendable {
    private struct State {
        var free: Int
        var nextWaiter = 0
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    }

    private let state: Mutex<State>

    init(capacity: Int) { state = Mutex(State(free: capacity)) }

    var free: Int { state.withLock { $0.free } }

    func acquire() { state.withLock { $0.free -= 1 } }

    func release() {
        let waiters = state.withLock { state in
            state.free += 1
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once a slot is free, or after `timeout`. Each waiter is resumed exactly once: whoever
    /// removes it from the table (a release or its timer) resumes it.
    func waitForFree(timeout: Duration) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let id = state.withLock { state -> Int? in
                guard state.free == 0 else { return nil }
                state.nextWaiter += 1
                state.waiters[state.nextWaiter] = continuation
                return state.nextWaiter
            }
            guard let id else { return continuation.resume() }
            Task {
                try? await Task.sleep(for: timeout)
                self.state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
            }
        }
    }
}

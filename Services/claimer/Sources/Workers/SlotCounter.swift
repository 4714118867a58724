import Synchronization

/// The worker's free slots, and a wake-up for the loop waiting for one to free.
final class SlotCounter: Sendable {
    private struct State {
        var free: Int
        var nextWaiter = 0
        var waiters: [Int: Waiter] = [:]
    }

    private struct Waiter {
        var atLeast: Int
        var continuation: CheckedContinuation<Void, Never>
    }

    private let state: Mutex<State>

    init(capacity: Int) { state = Mutex(State(free: capacity)) }

    var free: Int { state.withLock { $0.free } }

    func acquire() { state.withLock { $0.free -= 1 } }

    func release() {
        let waiters = state.withLock { state in
            state.free += 1
            let ready = state.waiters.filter { $0.value.atLeast <= state.free }
            for id in ready.keys { state.waiters.removeValue(forKey: id) }
            return ready.values.map(\.continuation)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once `atLeast` slots are free, or after `timeout`. Each waiter is resumed exactly
    /// once: whoever removes it from the table (a release or its timer) resumes it.
    func waitForFree(atLeast: Int = 1, timeout: Duration) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let id = state.withLock { state -> Int? in
                guard state.free < atLeast else { return nil }
                state.nextWaiter += 1
                state.waiters[state.nextWaiter] = Waiter(atLeast: atLeast, continuation: continuation)
                return state.nextWaiter
            }
            guard let id else { return continuation.resume() }
            Task {
                try? await Task.sleep(for: timeout)
                self.state.withLock { $0.waiters.removeValue(forKey: id) }?.continuation.resume()
            }
        }
    }
}

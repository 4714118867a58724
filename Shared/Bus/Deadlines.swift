import Foundation

/// Calls `expire` for each scheduled id once its deadline passed, from one thread for all calls.
///
/// A timer Task per call made `Task.sleep` register and cancel a dispatch timer through
/// libdispatch's manager thread for every request, which cost about a third of the
/// requester's throughput with 64 calls in flight. Here scheduling is a heap push under a
/// lock, and the thread is woken only when a new deadline is the earliest one.
/// Entries are never removed early: `expire` must ignore ids that were already answered.
/// Because answered calls stay in the heap, its earliest entry passes at the request rate; the
/// thread therefore sleeps `slack` past it and expires everything due by then in one wake-up,
/// instead of waking once per request (a deadline may fire up to `slack` late).
final class Deadlines: @unchecked Sendable {  // `heap` and `stopped` are only touched under `condition`
    private struct Entry {
        let deadline: ContinuousClock.Instant
        let id: UInt32
    }

    /// Upper bound of one wait: NSCondition waits on the wall clock, so a clock jump costs at most this.
    private static let maximumWait = 0.1
    /// How late a deadline may fire; the expiry thread wakes at most about once per `slack`.
    static let slack = 0.005

    private let condition = NSCondition()
    private var heap: [Entry] = []
    private var stopped = false
    private let expire: @Sendable (UInt32, ContinuousClock.Instant) -> Void

    init(name: String, expire: @escaping @Sendable (UInt32, ContinuousClock.Instant) -> Void) {
        self.expire = expire
        let thread = Thread { self.run() }
        thread.name = name
        thread.start()
    }

    func schedule(_ id: UInt32, at deadline: ContinuousClock.Instant) {
        condition.lock()
        defer { condition.unlock() }
        heap.append(Entry(deadline: deadline, id: id))
        siftUp(heap.count - 1)
        if heap[0].id == id, heap[0].deadline == deadline { condition.signal() }
    }

    /// Ends the thread; pending deadlines never fire. Idempotent.
    func stop() {
        condition.lock()
        stopped = true
        heap = []
        condition.signal()
        condition.unlock()
    }

    private func run() {
        condition.lock()
        defer { condition.unlock() }
        while !stopped {
            guard let first = heap.first else {
                condition.wait()
                continue
            }
            let now = ContinuousClock.now
            guard first.deadline <= now else {
                let wait = min(Self.maximumWait, Self.seconds(first.deadline - now) + Self.slack)
                _ = condition.wait(until: Date(timeIntervalSinceNow: wait))
                continue
            }
            var expired: [Entry] = []
            while let top = heap.first, top.deadline <= now {
                expired.append(top)
                removeFirst()
            }
            // Callbacks resume continuations: never under our lock.
            condition.unlock()
            for entry in expired { expire(entry.id, entry.deadline) }
            condition.lock()
        }
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    // MARK: Binary min-heap on `deadline`

    private func removeFirst() {
        let last = heap.removeLast()
        guard !heap.isEmpty else { return }
        heap[0] = last
        siftDown(0)
    }

    private func siftUp(_ index: Int) {
        var child = index
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].deadline < heap[parent].deadline else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private func siftDown(_ index: Int) {
        var parent = index
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count, heap[left].deadline < heap[smallest].deadline { smallest = left }
            if right < heap.count, heap[right].deadline < heap[smallest].deadline { smallest = right }
            guard smallest != parent else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}

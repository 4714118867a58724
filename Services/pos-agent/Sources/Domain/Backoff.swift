/// Exponential back-off: the first delay after a failure is `initial`, each further failure doubles it up to `maximum`.
struct Backoff {
    let initial: Duration
    let maximum: Duration
    private var current: Duration?

    init(initial: Duration, maximum: Duration) {
        self.initial = initial
        self.maximum = max(initial, maximum)
    }

    /// The delay before the next attempt after one more failure.
    mutating func next() -> Duration {
        let delay = current.map { min($0 * 2, maximum) } ?? initial
        current = delay
        return delay
    }

    mutating func reset() { current = nil }
}

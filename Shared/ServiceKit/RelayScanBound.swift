/// Where the outbox relay's next look for unpublished events starts: above the `created` of
/// events numbered at least `settle` ago, except for a full sweep every `sweepInterval`.
///
/// Numbering an event leaves a dead entry at the front of the unpublished-events index until
/// VACUUM, and a scan from the front walks over all of them: with 50,000 such entries one scan
/// read 150 index pages (~1 ms) to find 200 live rows, and the relay scans several times a second.
/// A scan from the bound starts behind them.
///
/// An event below the bound can still appear: its transaction drew `created` before the event
/// the bound came from and committed more than `settle` later. The sweep publishes it then, with
/// the next sequence number like any other event; it is late, never lost.
struct RelayScanBound: Sendable {
    let settle: Duration
    let sweepInterval: Duration
    /// The highest `created` numbered so far, noted after each pass, oldest first.
    private var marks: [(at: ContinuousClock.Instant, created: Int64)] = []
    private var highest: Int64 = 0
    private var settled: Int64 = 0
    private var lastSweep: ContinuousClock.Instant?

    init(settle: Duration, sweepInterval: Duration) {
        self.settle = settle
        self.sweepInterval = sweepInterval
    }

    /// The `created` a pass starting at `now` scans above; 0 (everything) when a sweep is due.
    mutating func lowerBound(at now: ContinuousClock.Instant) -> Int64 {
        while let first = marks.first, now - first.at >= settle {
            settled = first.created
            marks.removeFirst()
        }
        if let lastSweep, now - lastSweep < sweepInterval { return settled }
        lastSweep = now
        return 0
    }

    /// Notes the highest `created` a pass ending at `now` numbered (nil: it numbered nothing).
    mutating func record(highestCreated created: Int64?, at now: ContinuousClock.Instant) {
        highest = max(highest, created ?? 0)
        guard highest > (marks.last?.created ?? settled) else { return }
        marks.append((now, highest))
    }
}

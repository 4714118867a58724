/// What one closed-loop reserve load run measured, whichever client drove it.
struct ReserveLoadOutcome {
    /// Calls made, successful or not.
    var requests: Int
    /// Calls that failed or did not get exactly the codes asked for.
    var failures: Int
    var p50Ms: Double
    var p95Ms: Double
    var p99Ms: Double
    /// Every code the clients received, in no particular order.
    var codes: [String]

    /// Codes handed out twice within this run or also present in `earlier`.
    func duplicates(after earlier: Set<String>) -> Int {
        let unique = Set(codes)
        return codes.count - unique.count + unique.intersection(earlier).count
    }
}

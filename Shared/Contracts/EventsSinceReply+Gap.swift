extension EventsSinceReply {
    /// How many events after `sequence` were pruned before this reader asked for them.
    public func missed(after sequence: Int64) -> Int64 {
        oldestSequence > sequence + 1 ? oldestSequence - sequence - 1 : 0
    }
}

extension Duration {
    /// The duration in seconds, for comparing with file ages (`TimeInterval`); never used for money.
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }
}

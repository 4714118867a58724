/// Shares as integers in micro-shares (scale 1e6: 1_000_000 = one share), shown as decimal strings
/// with exactly six fraction digits ("12.500000"). Never a `Double`: a share count is money-like.
public enum MicroShares {
    /// Micro-shares per share.
    public static let scale: Int64 = 1_000_000
    /// Fraction digits of the text form (log10 of `scale`).
    public static let fractionDigits = 6

    /// "12.500000" for 12_500_000; negative values get a leading "-".
    public static func format(_ micros: Int64) -> String {
        let magnitude = micros.magnitude
        let whole = magnitude / UInt64(scale)
        let fraction = String(magnitude % UInt64(scale))
        let padded = String(repeating: "0", count: fractionDigits - fraction.count) + fraction
        return (micros < 0 ? "-" : "") + "\(whole).\(padded)"
    }

    /// Parses a non-negative decimal ("12", "12.5", "12.500000", ".5") exactly; nil for anything else:
    /// signs, exponents, spaces, more than six fraction digits (never rounded silently) or overflow.
    public static func parse(_ text: String) -> Int64? {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let wholeText = parts[0]
        let fractionText = parts.count > 1 ? parts[1] : ""
        guard !(wholeText.isEmpty && fractionText.isEmpty), fractionText.count <= fractionDigits,
            wholeText.allSatisfy(\.isASCIIDigit), fractionText.allSatisfy(\.isASCIIDigit)
        else { return nil }
        if parts.count > 1 && fractionText.isEmpty { return nil }  // "12." is a typo, not a number
        guard let whole = wholeText.isEmpty ? 0 : Int64(wholeText) else { return nil }
        let padded = fractionText + String(repeating: "0", count: fractionDigits - fractionText.count)
        guard let fraction = Int64(padded) else { return nil }
        let (scaled, overflow) = whole.multipliedReportingOverflow(by: scale)
        guard !overflow else { return nil }
        let (total, overflowSum) = scaled.addingReportingOverflow(fraction)
        return overflowSum ? nil : total
    }
}

// `Character.isASCIIDigit` is shared with `PriceMicros`.

/// How much of a QR code may be damaged and still read: about 7, 15, 25 or 30% of its codewords.
public enum QRErrorCorrectionLevel: Sendable, CaseIterable {
    case low
    case medium
    case quartile
    case high

    /// The two bits of the level in the format information (ISO/IEC 18004 table 12).
    var formatBits: Int {
        switch self {
        case .low: 1
        case .medium: 0
        case .quartile: 3
        case .high: 2
        }
    }
}

/// A QR code version (1 or 2: up to 25 × 25 modules, enough for a card number or a short text),
/// with its sizes from ISO/IEC 18004 tables 1 and 9. Both have a single Reed–Solomon block.
public struct QRVersion: Sendable, Equatable {
    public let number: Int

    public static let supported = [QRVersion(number: 1), QRVersion(number: 2)]

    /// Modules per side.
    public var size: Int { 17 + 4 * number }

    /// Codewords of data and error correction together.
    var totalCodewords: Int { number == 1 ? 26 : 44 }

    func errorCorrectionCodewords(_ level: QRErrorCorrectionLevel) -> Int {
        switch (number, level) {
        case (1, .low): 7
        case (1, .medium): 10
        case (1, .quartile): 13
        case (1, .high): 17
        case (_, .low): 10
        case (_, .medium): 16
        case (_, .quartile): 22
        case (_, .high): 28
        }
    }

    func dataCodewords(_ level: QRErrorCorrectionLevel) -> Int { totalCodewords - errorCorrectionCodewords(level) }

    /// Rows and columns of the alignment patterns' centres (none in version 1).
    var alignmentCentres: [Int] { number == 1 ? [] : [6, size - 7] }
}

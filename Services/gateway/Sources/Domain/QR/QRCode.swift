/// A QR code (model 2, versions 1–2) of a short text: numeric mode for digits, byte mode (UTF-8)
/// otherwise, Reed–Solomon error correction, and the mask with the lowest penalty unless one is given.
public struct QRCode: Sendable {
    public let version: QRVersion
    public let level: QRErrorCorrectionLevel
    public let mode: QRMode
    public let mask: QRMask
    let matrix: QRMatrix

    /// The smallest version that holds `text` at `level`.
    public init(encoding text: String, level: QRErrorCorrectionLevel = .medium, mask: QRMask? = nil) throws {
        let mode = QRMode.best(for: text)
        let bits = mode.bitLength(of: text)
        guard let version = QRVersion.supported.first(where: { bits <= $0.dataCodewords(level) * 8 }) else {
            throw QRCodeError.tooLong(bits: bits)
        }
        let codewords = Self.codewords(text, mode: mode, version: version, level: level)
        var empty = QRMatrix(version: version)
        empty.place(codewords)
        func masked(_ mask: QRMask) -> QRMatrix {
            var matrix = empty
            matrix.apply(mask)
            matrix.drawFormat(level: level, mask: mask)
            return matrix
        }
        let chosen = mask ?? QRMask.all.min(by: { masked($0).penalty < masked($1).penalty })!
        self.version = version
        self.level = level
        self.mode = mode
        self.mask = chosen
        matrix = masked(chosen)
    }

    /// Modules per side (without the quiet zone).
    public var size: Int { matrix.size }

    /// Whether the module at `row`, `column` is dark.
    public subscript(row: Int, column: Int) -> Bool { matrix[row, column] }

    /// The data codewords (segment, terminator, padding to the byte, pad bytes 0xEC 0x11) followed
    /// by their error-correction codewords.
    static func codewords(_ text: String, mode: QRMode, version: QRVersion, level: QRErrorCorrectionLevel) -> [UInt8] {
        let capacity = version.dataCodewords(level) * 8
        var buffer = QRBitBuffer()
        mode.append(text, to: &buffer)
        buffer.append(0, length: min(4, capacity - buffer.count))
        buffer.append(0, length: (8 - buffer.count % 8) % 8)
        var data = buffer.bytes
        var pad: UInt8 = 0xEC
        while data.count < version.dataCodewords(level) {
            data.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        return data + ReedSolomonEncoder(degree: version.errorCorrectionCodewords(level)).remainder(of: data)
    }
}

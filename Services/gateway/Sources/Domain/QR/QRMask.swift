/// One of the eight data masks (ISO/IEC 18004 table 10): a module whose condition holds is inverted.
public struct QRMask: Sendable, Equatable {
    public let pattern: Int

    public init?(_ pattern: Int) {
        guard (0..<8).contains(pattern) else { return nil }
        self.pattern = pattern
    }

    public static let all = (0..<8).compactMap(QRMask.init)

    /// Whether the module at `row`, `column` is inverted.
    func inverts(row: Int, column: Int) -> Bool {
        switch pattern {
        case 0: (row + column) % 2 == 0
        case 1: row % 2 == 0
        case 2: column % 3 == 0
        case 3: (row + column) % 3 == 0
        case 4: (row / 2 + column / 3) % 2 == 0
        case 5: (row * column) % 2 + (row * column) % 3 == 0
        case 6: ((row * column) % 2 + (row * column) % 3) % 2 == 0
        default: ((row + column) % 2 + (row * column) % 3) % 2 == 0
        }
    }
}

/// The codes read from part of a CSV stream, and how many values were rejected (and why).
public struct ParsedCodes: Sendable, Equatable {
    public var codes: [String] = []
    public var rejected = 0
    public var rejectedTooLong = 0
    public var rejectedInvalidText = 0

    public init() {}

    mutating func reject(_ reason: CodeRejection) {
        rejected += 1
        switch reason {
        case .tooLong: rejectedTooLong += 1
        case .invalidText: rejectedInvalidText += 1
        }
    }
}

import ProtoBridge

extension StatusCode {
    /// Numbers of `platform.Code` by case, read once from the compiled enum descriptor.
    private static let numbers: [StatusCode: Int32] = {
        guard let codes = ProtoRegistry.require(Reply.protoName).field(named: "status")?.enumType else {
            preconditionFailure("platform.Reply.status is not an enum")
        }
        return Dictionary(
            uniqueKeysWithValues: allCases.map { code in
                guard let number = codes.number(of: code.rawValue) else { preconditionFailure("platform.Code has no \(code.rawValue)") }
                return (code, number)
            }
        )
    }()

    private static let byNumber: [Int32: StatusCode] = Dictionary(uniqueKeysWithValues: numbers.map { ($1, $0) })

    /// The proto enum number on the wire.
    var wireNumber: Int32 { Self.numbers[self]! }

    /// The case of a wire number, nil for a number `platform.Code` does not declare.
    init?(wireNumber: Int32) {
        guard let code = Self.byNumber[wireNumber] else { return nil }
        self = code
    }
}

/// `amount.json` exists but could not be read (permissions, a lock held by an antivirus, an I/O error).
public struct AmountReadError: Error, CustomStringConvertible {
    public let path: String
    public let underlying: String

    public var description: String { "cannot read \(path): \(underlying)" }
}

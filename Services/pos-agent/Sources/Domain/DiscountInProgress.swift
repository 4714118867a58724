/// The discount handed to 1C whose outcome is not known yet, recorded before `discount.txt` appears so that a
/// restart knows whose file a leftover `discount.txt` is (or whose it was, when 1C consumed it meanwhile).
public struct DiscountInProgress: Sendable, Equatable, Codable {
    public var id: String
    /// Points written to `discount.txt`.
    public var amount: Int64
    /// Name of the prepared temporary file that is renamed to `discount.txt`. Still there after a restart means the
    /// rename never happened, so 1C never saw the discount; `nil` means unknown (then only `discount.txt` counts).
    public var temporaryFile: String?

    public init(id: String, amount: Int64, temporaryFile: String? = nil) {
        self.id = id
        self.amount = amount
        self.temporaryFile = temporaryFile
    }
}

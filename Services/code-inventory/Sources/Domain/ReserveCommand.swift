import ServiceKit

/// A validated reservation request.
public struct ReserveCommand: Sendable, Equatable {
    public var campaignId: String
    public var type: CodeType
    public var count: Int

    /// Validates every field at once, so a bad request lists all its problems.
    public static func validate(campaignId: String, type: String, count: Int) throws -> ReserveCommand {
        var violations = CodeRules.campaignIdViolations(campaignId)
        let parsedType: CodeType?
        switch CodeRules.type(type) {
        case .success(let value): parsedType = value
        case .failure(let violation):
            parsedType = nil
            violations.append(violation)
        }
        if !(1...CodeRules.maxBatch).contains(count) {
            violations.append(Violation("count", "must be between 1 and \(CodeRules.maxBatch)"))
        }
        guard violations.isEmpty, let parsedType else { throw CodeInventoryError.invalid(violations) }
        return ReserveCommand(campaignId: campaignId, type: parsedType, count: count)
    }
}

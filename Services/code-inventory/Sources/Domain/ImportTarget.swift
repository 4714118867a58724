/// Where imported codes go: a campaign and a type (validated).
public struct ImportTarget: Sendable, Equatable, Codable {
    public var campaignId: String
    public var type: CodeType

    public init(campaignId: String, type: CodeType) {
        self.campaignId = campaignId
        self.type = type
    }

    public static func validate(campaignId: String, type: String) throws -> ImportTarget {
        var violations = CodeRules.campaignIdViolations(campaignId)
        let parsedType: CodeType?
        switch CodeRules.type(type) {
        case .success(let value): parsedType = value
        case .failure(let violation):
            parsedType = nil
            violations.append(violation)
        }
        guard violations.isEmpty, let parsedType else { throw CodeInventoryError.invalid(violations) }
        return ImportTarget(campaignId: campaignId, type: parsedType)
    }
}

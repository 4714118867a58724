import ServiceKit

/// A validated assignment request: codes with the users they go to, in request order.
public struct AssignCommand: Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        public var code: String
        public var userId: String

        public init(code: String, userId: String) {
            self.code = code
            self.userId = userId
        }
    }

    public var campaignId: String
    public var type: CodeType
    public var items: [Item]

    public static func validate(campaignId: String, type: String, items: [Item]) throws -> AssignCommand {
        var violations = CodeRules.campaignIdViolations(campaignId)
        let parsedType: CodeType?
        switch CodeRules.type(type) {
        case .success(let value): parsedType = value
        case .failure(let violation):
            parsedType = nil
            violations.append(violation)
        }
        if items.isEmpty {
            violations.append(Violation("assignments", "at least one assignment is required"))
        } else if items.count > CodeRules.maxBatch {
            violations.append(Violation("assignments", "at most \(CodeRules.maxBatch) assignments per request"))
        } else {
            for (index, item) in items.enumerated() {
                violations += CodeRules.requestedCodeViolations(item.code, field: "assignments[\(index)].code")
                if item.userId.isEmpty {
                    violations.append(Violation("assignments[\(index)].userId", "is required"))
                } else if item.userId.count > CodeRules.maxUserIdLength {
                    violations.append(Violation("assignments[\(index)].userId", "longer than \(CodeRules.maxUserIdLength) characters"))
                }
            }
        }
        guard violations.isEmpty, let parsedType else { throw CodeInventoryError.invalid(violations) }
        return AssignCommand(campaignId: campaignId, type: parsedType, items: items)
    }
}

import Foundation
import ServiceKit

/// A validated release request: listed codes, or every code of one reservation.
public struct ReleaseCommand: Sendable, Equatable {
    public enum Selection: Sendable, Equatable {
        case codes([String])
        case reservation(UUID)
    }

    public var campaignId: String
    public var type: CodeType
    public var selection: Selection

    public static func validate(campaignId: String, type: String, codes: [String], reserveId: String) throws -> ReleaseCommand {
        var violations = CodeRules.campaignIdViolations(campaignId)
        let parsedType: CodeType?
        switch CodeRules.type(type) {
        case .success(let value): parsedType = value
        case .failure(let violation):
            parsedType = nil
            violations.append(violation)
        }
        var selection: Selection?
        switch (codes.isEmpty, reserveId.isEmpty) {
        case (true, true):
            violations.append(Violation("codes", "give codes or reserveId"))
        case (false, false):
            violations.append(Violation("reserveId", "give codes or reserveId, not both"))
        case (false, true):
            if codes.count > CodeRules.maxBatch {
                violations.append(Violation("codes", "at most \(CodeRules.maxBatch) codes per request"))
            }
            for (index, code) in codes.enumerated() {
                violations += CodeRules.requestedCodeViolations(code, field: "codes[\(index)]")
            }
            selection = .codes(codes)
        case (true, false):
            if let id = UUID(uuidString: reserveId) {
                selection = .reservation(id)
            } else {
                violations.append(Violation("reserveId", "must be a reservation id (UUID)"))
            }
        }
        guard violations.isEmpty, let parsedType, let selection else { throw CodeInventoryError.invalid(violations) }
        return ReleaseCommand(campaignId: campaignId, type: parsedType, selection: selection)
    }
}

/// The platform's answer on whether a user may claim a code.
public enum Eligibility: Sendable, Equatable {
    case eligible
    case ineligible(reason: String)
}

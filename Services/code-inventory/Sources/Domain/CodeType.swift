/// The two kinds of campaign codes, kept apart per campaign.
public enum CodeType: String, Sendable, CaseIterable, Codable {
    /// Ticketmaster's own codes.
    case tm
    /// Third-party codes.
    case external
}

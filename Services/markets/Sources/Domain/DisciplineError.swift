import ServiceKit

/// Refusals of the discipline methods; mapped in `DisciplineError+RPC`.
public enum DisciplineError: Error, Sendable, Equatable {
    case invalid([Violation])
    case notFound(String)
}

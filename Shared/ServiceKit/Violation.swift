/// One invalid field of a request, named by its JSON name.
public struct Violation: Sendable, Equatable, Error {
    public var field: String
    public var description: String

    public init(_ field: String, _ description: String) {
        self.field = field
        self.description = description
    }
}

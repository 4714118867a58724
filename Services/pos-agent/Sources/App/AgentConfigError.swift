/// A missing or invalid setting; `pos-agent` prints it and exits with status 1.
public struct AgentConfigError: Error, Equatable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }
}

import Contracts

/// A verified credential: what kind it was and whom it names.
public struct Credential: Sendable, Equatable {
    public var kind: CredentialKind
    public var principal: Principal

    public init(kind: CredentialKind, principal: Principal) {
        self.kind = kind
        self.principal = principal
    }
}

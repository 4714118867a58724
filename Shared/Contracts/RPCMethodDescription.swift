/// What is known of an rpc without its Swift types: names, for registries and route tables.
public protocol RPCMethodDescription: Sendable {
    /// The bus name of the service that serves it; empty for the platform's methods.
    var service: String { get }
    /// The method's name in the Envelope.
    var name: String { get }
    /// The proto names of its request and reply messages.
    var requestType: String { get }
    var responseType: String { get }
}

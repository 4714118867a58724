/// One published event: the topic (`<service>.<event>`) and its payload bytes.
public struct BusMessage: Sendable, Equatable {
    public var topic: String
    public var payload: [UInt8]

    public init(topic: String, payload: [UInt8]) {
        self.topic = topic
        self.payload = payload
    }
}

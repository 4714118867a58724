/// One event of a store as its live stream shows it: the publisher's topic and sequence, and the
/// payload as proto3 JSON.
public struct StoreEvent: Sendable, Equatable {
    public let topic: String
    public let sequence: Int64
    public let storeId: Int32
    public let json: [UInt8]

    public init(topic: String, sequence: Int64, storeId: Int32, json: [UInt8]) {
        self.topic = topic
        self.sequence = sequence
        self.storeId = storeId
        self.json = json
    }

    /// The event as a Server-Sent Events message: `event:`, `id:`, `data:` and a blank line.
    public var serverSentEvent: String {
        "event: \(topic)\nid: \(sequence)\ndata: \(String(decoding: json, as: UTF8.self))\n\n"
    }
}

import Bus
import Contracts
import Foundation
import Logging
import ProtoBridge

// Bus benchmark for `make bench`: round trip and throughput, next to the plain C REQ/REP loop.
// Usage: platform-bench [--c-loop PATH] [--iterations N]

let arguments = CommandLine.arguments
func option(_ name: String) -> String? {
    arguments.firstIndex(of: name).flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
}
let iterations = Int(option("--iterations") ?? "") ?? 20000
let cLoop = option("--c-loop")
var logger = Logger(label: "bench")
logger.logLevel = .error

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// Runs the C loop and returns its microseconds per round trip.
func cRoundTrip(_ url: String) -> Double? {
    guard let cLoop else { return nil }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: cLoop)
    process.arguments = [url, String(iterations)]
    let pipe = Pipe()
    process.standardOutput = pipe
    guard (try? process.run()) != nil else { return nil }
    process.waitUntilExit()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    // "c-loop <url> <N> round trips: <us> us/op, <ops> ops/s"
    guard let range = output.range(of: #"([0-9.]+) us/op"#, options: .regularExpression) else { return nil }
    return Double(output[range].split(separator: " ")[0])
}

/// Microseconds per round trip of `call`, one caller, after a warm-up.
///
/// `call` is `@Sendable`, so it is not isolated to the main actor as a closure written in this
/// file's top-level code would be: such a caller hops between the main thread and the pool on
/// every call, which the gateway's handlers (nonisolated, like every caller of the bus) never do.
func roundTrip(_ call: @Sendable () async throws -> Void) async throws -> Double {
    for _ in 0..<1000 { try await call() }
    let start = ContinuousClock.now
    for _ in 0..<iterations { try await call() }
    return seconds(ContinuousClock.now - start) / Double(iterations) * 1e6
}

/// Calls per second with `callers` concurrent callers.
func throughput(callers: Int, total: Int, _ call: @escaping @Sendable () async throws -> Void) async throws -> Double {
    let start = ContinuousClock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
        for caller in 0..<callers {
            let share = total / callers + (caller < total % callers ? 1 : 0)
            group.addTask { for _ in 0..<share { try await call() } }
        }
        try await group.waitForAll()
    }
    return Double(total) / seconds(ContinuousClock.now - start)
}

func line(_ name: String, _ value: String, _ reference: String, _ goal: String) {
    print(
        name.padding(toLength: 44, withPad: " ", startingAt: 0) + " | " + value.padding(toLength: 18, withPad: " ", startingAt: 0)
            + " | " + reference.padding(toLength: 22, withPad: " ", startingAt: 0) + " | " + goal
    )
}

/// Cost of encoding and decoding one Envelope: through protoc-c's struct directly (what every
/// call does) or through the generic bridge (`ProtoMessage` and the `Codable` mirror, what every
/// other message does).
func codecMicroseconds(generic: Bool) throws -> (encode: Double, decode: Double) {
    let envelope = Envelope(
        method: "Echo",
        requestId: "r-1",
        principal: Principal(subject: "u", roles: ["admin"]),
        deadlineUnixMs: 1_800_000_000_000,
        body: Data(repeating: 1, count: 32)
    )
    let bytes = try envelope.serializedBytes()
    let encode: () throws -> [UInt8] = generic ? { try envelope.protoMessage().serializedBytes() } : { try envelope.serializedBytes() }
    let decode: () throws -> Envelope =
        generic
        ? { try Envelope(protoMessage: ProtoMessage(type: Envelope.protoType, serializedBytes: bytes)) }
        : { try Envelope(serializedBytes: bytes) }
    let rounds = 20000
    var start = ContinuousClock.now
    for _ in 0..<rounds { _ = try encode() }
    let encoded = seconds(ContinuousClock.now - start) / Double(rounds) * 1e6
    start = ContinuousClock.now
    for _ in 0..<rounds { _ = try decode() }
    let decoded = seconds(ContinuousClock.now - start) / Double(rounds) * 1e6
    return (encoded, decoded)
}

let payload = [UInt8](repeating: 0x61, count: 32)
let direct = try codecMicroseconds(generic: false)
let generic = try codecMicroseconds(generic: true)
print(
    String(
        format: "codec: Envelope encode %.1f us, decode %.1f us (protoc-c struct); generic bridge %.1f / %.1f us",
        direct.encode,
        direct.decode,
        generic.encode,
        generic.decode
    )
)
if arguments.contains("--codec-only") { exit(0) }
print("figure".padding(toLength: 44, withPad: " ", startingAt: 0) + " | measured           | reference (same run)   | goal")
for (transport, url) in [("ipc", "ipc:///tmp/platform-bench-\(getpid()).ipc"), ("tcp", "tcp://127.0.0.1:7990")] {
    let c = cRoundTrip(transport == "ipc" ? "ipc:///tmp/platform-bench-c-\(getpid()).ipc" : "tcp://127.0.0.1:7991")

    let responder = try Responder(url: url, maxConcurrent: 64, logger: logger) { $0 }
    responder.start()
    let requester = try Requester(urls: [url], logger: logger)
    let raw = try await roundTrip { _ = try await requester.request(payload, timeout: .seconds(5)) }
    let ratio = c.map { String(format: "%.2fx of C", raw / $0) } ?? "n/a"
    line(
        "bus round trip (transport, \(transport), 32 B)",
        String(format: "%.1f us", raw),
        c.map { String(format: "C loop %.1f us", $0) } ?? "C loop not run",
        "<= 1.3x C (\(ratio))"
    )

    let rpcURL = url.replacingOccurrences(of: "bench-", with: "bench-rpc-").replacingOccurrences(of: ":7990", with: ":7992")
    let router = RPCRouter(logger: logger)
    router.register("Echo") { (request: EchoRequest, _) in EchoReply(text: request.text) }
    let server = try RPCServer(url: rpcURL, router: router, maxMessageSize: 4 << 20, maxConcurrent: 64, logger: logger)
    server.start()
    let client = try RPCClient(service: "bench", urls: [rpcURL], logger: logger)
    let echo = EchoRequest(text: String(repeating: "a", count: 32))
    let rpc = try await roundTrip { _ = try await client.call("Echo", echo, as: EchoReply.self, options: CallOptions(principal: .service("bench"))) }
    line(
        "RPC round trip (Envelope+Echo, \(transport))",
        String(format: "%.1f us", rpc),
        c.map { String(format: "C loop %.1f us", $0) } ?? "C loop not run",
        c.map { String(format: "(%.2fx of C)", rpc / $0) } ?? ""
    )

    if transport == "ipc" {
        var rates: [Int: Double] = [:]
        for callers in [1, 16, 64] {
            rates[callers] = try await throughput(callers: callers, total: iterations * 2) {
                _ = try await requester.request(payload, timeout: .seconds(10))
            }
            line(
                "bus throughput, \(callers) caller(s) (ipc)",
                String(format: "%.0f req/s", rates[callers]!),
                callers == 1 ? "" : String(format: "%.1fx of 1 caller", rates[callers]! / rates[1]!),
                callers == 64 ? ">= 4x of 1 caller" : ""
            )
        }
        for callers in [1, 64] {
            let rate = try await throughput(callers: callers, total: iterations) {
                _ = try await client.call("Echo", echo, as: EchoReply.self, options: CallOptions(principal: .service("bench"), timeout: .seconds(10)))
            }
            line("RPC throughput, \(callers) caller(s) (ipc)", String(format: "%.0f req/s", rate), "", "")
        }
    }
    client.close()
    await server.stop()
    requester.close()
    await responder.stop()
}

import Bus
import Contracts
import Foundation
import ProtoBridge

/// Asks every backend for `Health` at once and reports which are down.
struct ReadinessProbe: Sendable {
    let backends: Backends
    let timeout: Duration

    struct Status: Sendable {
        var service: String
        var reply: HealthReply?
        var problem: String?
        var healthy: Bool { reply?.databaseReachable == true }
    }

    func check(requestId: String) async -> [Status] {
        await withTaskGroup(of: Status.self) { group in
            for service in backends.services {
                group.addTask {
                    let body = (try? HealthRequest().serializedBytes()) ?? []
                    let reply = await backends.call(
                        service,
                        PlatformMethods.health.name,
                        body: body,
                        options: CallOptions(principal: .service("gateway"), requestId: requestId, timeout: timeout)
                    )
                    guard reply.status == .ok, let health = try? HealthReply(serializedBytes: Array(reply.body)) else {
                        return Status(service: service, reply: nil, problem: "\(reply.status.rawValue): \(reply.message)")
                    }
                    return Status(
                        service: service,
                        reply: health,
                        problem: health.databaseReachable ? nil : "database unreachable"
                    )
                }
            }
            var results: [Status] = []
            for await status in group { results.append(status) }
            return results.sorted { $0.service < $1.service }
        }
    }

    /// The answer to `/readyz`: 200 while the gateway serves, whichever services are down
    /// (`"status":"ready"` when all are up, `"degraded"` otherwise); with `strict`, 503
    /// (`"unavailable"`) unless every service is up.
    static func answer(_ statuses: [Status], strict: Bool) -> (ready: Bool, body: JSONValue) {
        let allUp = statuses.allSatisfy(\.healthy)
        let status = allUp ? "ready" : strict ? "unavailable" : "degraded"
        return (allUp || !strict, json(statuses, status: status))
    }

    /// `{"status":…,"down":[…],"services":{"<name>":{"status":"up"|"down","healthy":…,…}}}`.
    static func json(_ statuses: [Status], status: String) -> JSONValue {
        var services = JSONObject()
        for status in statuses {
            var entry = JSONObject([("status", .string(status.healthy ? "up" : "down")), ("healthy", .bool(status.healthy))])
            if let reply = status.reply {
                entry["databaseReachable"] = .bool(reply.databaseReachable)
                entry["version"] = .string(reply.version)
                entry["uptimeSeconds"] = .integer(reply.uptimeSeconds)
                entry["instance"] = .string(reply.instance)
            }
            if let problem = status.problem { entry["problem"] = .string(problem) }
            services[status.service] = .object(entry)
        }
        let down = statuses.filter { !$0.healthy }.map { JSONValue.string($0.service) }
        return .object(
            JSONObject([
                ("status", .string(status)),
                ("down", .array(down)), ("services", .object(services)),
            ])
        )
    }

    /// `?strict=1` (or `true`, `yes`): the all-services-up rule.
    static func isStrict(_ value: Substring?) -> Bool {
        guard let value else { return false }
        return ["1", "true", "yes"].contains(value.lowercased())
    }
}

import Foundation
import Prometheus
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The standard Prometheus process metrics (`process_cpu_seconds_total`, memory, open file
/// descriptors, start time), read from `/proc/self` when a scrape asks for them.
public final class ProcessMetrics: Sendable {
    /// CPU seconds already added to the counter (a counter only goes up by increments).
    private let countedCPU = Mutex<Double>(0)

    public init() {}

    /// Updates the process metrics in `registry` (Linux; elsewhere nothing is recorded).
    public func record(into registry: PrometheusCollectorRegistry) {
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return }
        // Fields after the command name; field 3 (state) is index 0 here.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 21 else { return }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let pageSize = Double(sysconf(Int32(_SC_PAGESIZE)))
        let cpu = ((Double(fields[11]) ?? 0) + (Double(fields[12]) ?? 0)) / ticks
        let startTicks = Double(fields[19]) ?? 0
        let virtualBytes = Double(fields[20]) ?? 0
        let residentBytes = (Double(fields[21]) ?? 0) * pageSize
        let delta = countedCPU.withLock { counted -> Double in
            defer { counted = max(counted, cpu) }
            return max(0, cpu - counted)
        }
        registry.makeCounter(name: "process_cpu_seconds_total", help: "Total user and system CPU time spent in seconds").increment(by: delta)
        registry.makeGauge(name: "process_resident_memory_bytes", help: "Resident memory size in bytes").set(residentBytes)
        registry.makeGauge(name: "process_virtual_memory_bytes", help: "Virtual memory size in bytes").set(virtualBytes)
        if let boot = Self.bootTime() {
            registry.makeGauge(name: "process_start_time_seconds", help: "Start time of the process since unix epoch in seconds")
                .set(boot + startTicks / ticks)
        }
        if let descriptors = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") {
            registry.makeGauge(name: "process_open_fds", help: "Number of open file descriptors").set(Double(descriptors.count))
        }
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 {
            registry.makeGauge(name: "process_max_fds", help: "Maximum number of open file descriptors").set(Double(limit.rlim_cur))
        }
    }

    private static func bootTime() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("btime ") })
        else { return nil }
        return Double(line.dropFirst(6).trimmingCharacters(in: .whitespaces))
    }
}

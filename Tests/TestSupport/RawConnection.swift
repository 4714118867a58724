import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A plain TCP connection to 127.0.0.1 that sends whatever bytes a test wants, well-formed or not.
///
/// Blocking POSIX calls with timeouts on every read and write, so a port that never answers cannot
/// hang a test; `MSG_NOSIGNAL` so writing to a connection the peer already dropped is an error
/// here, not a SIGPIPE that would end the test process.
public final class RawConnection {
    private var fd: Int32

    /// Connects, or returns nil when the port refuses (or does not answer within `timeout`).
    public init?(port: Int, timeout: TimeInterval = 2) {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var time = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - timeout.rounded(.down)) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Foundation.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            Foundation.close(fd)
            return nil
        }
    }

    deinit {
        close()
    }

    /// Sends every byte; false once the peer stopped taking them (closed, reset, or a full window
    /// past the timeout) — which a hostile sender expects and ignores.
    @discardableResult
    public func send(_ bytes: [UInt8]) -> Bool {
        guard fd >= 0 else { return false }
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Foundation.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    /// Reads up to `count` bytes: fewer when the peer closes or nothing more arrives within the timeout.
    public func read(upTo count: Int) -> [UInt8] {
        guard fd >= 0 else { return [] }
        var buffer = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let got = buffer[filled...].withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard got > 0 else { break }
            filled += got
        }
        return Array(buffer[..<filled])
    }

    /// Whether the peer closes (or resets) the connection within `seconds`; what it sends meanwhile is dropped.
    public func isClosedByPeer(within seconds: TimeInterval) -> Bool {
        guard fd >= 0 else { return true }
        var shortWait = timeval(tv_sec: 0, tv_usec: 50_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &shortWait, socklen_t(MemoryLayout<timeval>.size))
        let end = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while Date() < end {
            let got = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if got == 0 { return true }
            if got < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR { return true }
        }
        return false
    }

    /// Half-closes (FIN after everything sent), then reads and drops what the peer still sends until
    /// it closes or `deadline` passes: reading first keeps our close a FIN, not a reset that could
    /// make the peer's kernel discard bytes it has not handed to the process yet.
    public func finish(within deadline: TimeInterval = 0.5) {
        guard fd >= 0 else { return }
        shutdown(fd, Int32(SHUT_WR))
        var shortWait = timeval(tv_sec: 0, tv_usec: 50_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &shortWait, socklen_t(MemoryLayout<timeval>.size))
        let end = Date().addingTimeInterval(deadline)
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while Date() < end {
            let got = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if got == 0 { break }
            if got < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR { break }
        }
        close()
    }

    /// Closes with a reset (SO_LINGER 0): the connection vanishes mid-whatever, as on a crash.
    public func abort() {
        guard fd >= 0 else { return }
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        close()
    }

    /// Closes now. Idempotent.
    public func close() {
        guard fd >= 0 else { return }
        Foundation.close(fd)
        fd = -1
    }
}

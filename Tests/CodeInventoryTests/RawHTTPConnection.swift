import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A bare TCP connection to a local HTTP server, for what an HTTP client library will not do: a
/// chunked body without `Content-Length`, or a client that goes away halfway through its body.
final class RawHTTPConnection {
    private let socket: Int32

    /// Connects to 127.0.0.1:`port`.
    init(port: Int) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(socket)
            throw POSIXError(.ECONNREFUSED)
        }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(socket) }

    /// Sends `bytes`; false when the server closed the connection first (its answer may be waiting).
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { return false }
            sent += n
        }
        return true
    }

    func send(_ text: String) { send(Array(text.utf8)) }

    /// One chunk of a chunked body (`""` ends the body).
    func sendChunk(_ data: String) {
        send(String(data.utf8.count, radix: 16) + "\r\n" + data + "\r\n")
    }

    /// Reads until the server closes the connection or goes quiet for the receive timeout; returns
    /// the status code of the answer (0 when there is none).
    func readStatus() -> Int {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { break }
            received.append(contentsOf: buffer[0..<n])
            // The status line is all the tests need.
            if let text = String(bytes: received, encoding: .utf8), text.contains("\r\n") { break }
        }
        let line = String(decoding: received, as: UTF8.self).split(separator: "\r\n").first ?? ""
        let parts = line.split(separator: " ")
        return parts.count > 1 ? Int(parts[1]) ?? 0 : 0
    }

    /// Closes the connection at once (as a client that goes away does).
    func abandon() {
        shutdown(socket, Int32(SHUT_RDWR))
    }
}

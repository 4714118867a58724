internal import CNanomsg

/// The one owner of a nanomsg socket: every nanomsg C call of the module goes through here.
///
/// nanomsg reuses a closed socket's number for the next `nn_socket`, so a call racing `close()`
/// could hit somebody else's socket. Every call therefore registers as a user first, and the
/// real `nn_close` happens when the last user leaves: a receiver thread blocked in `nn_recvmsg`
/// keeps the socket open until its receive timeout returns, never the other way round.
final class NanoSocket: Sendable {
    /// What one receive produced.
    enum Received {
        case message(body: [UInt8], header: [UInt8])
        /// Nothing arrived within the receive timeout; look at your stop flag and try again.
        case timedOut
    }

    /// Least SO_SNDBUF/SO_RCVBUF asked for; see setKernelBuffers(bytes:).
    static let kernelBufferBytes = 4 << 20

    /// How long a receiver thread blocks before it looks at its stop flag again.
    static let receiveTimeoutMilliseconds: Int32 = 100

    private struct Usage {
        var closeRequested = false
        var users = 0
        var closed = false
    }

    private let fd: Int32
    private let usage = Locked(Usage())

    init(domain: Int32, protocol: Int32) throws {
        fd = try Self.check(nn_socket(domain, `protocol`), "nn_socket")
    }

    // MARK: Set-up

    func setOption(_ option: Int32, level: Int32 = cnn_sol_socket, _ value: Int32) throws {
        try withSocket { fd in
            var value = value
            _ = try Self.check(nn_setsockopt(fd, level, option, &value, MemoryLayout<Int32>.size), "nn_setsockopt(\(option))")
        }
    }

    func setOption(_ option: Int32, level: Int32, bytes: [UInt8]) throws {
        try withSocket { fd in
            _ = try bytes.withUnsafeBytes { buffer in
                try Self.check(nn_setsockopt(fd, level, option, buffer.baseAddress, buffer.count), "nn_setsockopt(\(option))")
            }
        }
    }

    /// Sets NN_RCVMAXSIZE so that a body of `maxBodySize` bytes fits: the limit counts the SP
    /// routing header too, and an over-limit frame makes nanomsg drop the whole connection.
    ///
    /// Never -1, which nanomsg reads as "unlimited": then a peer's announced length goes straight
    /// to malloc, and a failed allocation aborts the process (chunkref.c:55).
    func setReceiveLimit(maxBodySize: Int) throws {
        let limit = min(Int(Int32.max), max(0, maxBodySize) + Int(cnn_max_header))
        try setOption(cnn_rcvmaxsize, Int32(limit))
    }

    /// Sizes NN_SNDBUF/NN_RCVBUF, which nanomsg copies into SO_SNDBUF/SO_RCVBUF of every connection
    /// (the kernel caps them at net.core.wmem_max/rmem_max).
    ///
    /// Why it matters: a stream pipe takes one message at a time and stays busy until the kernel
    /// accepted the whole message, and raw REP (like PUB) silently drops a message for a busy pipe.
    /// Measured with nanomsg's default 128 KiB: 64 concurrent 64 KiB replies lost about a quarter;
    /// with 4 MiB none did up to 64 × 256 KiB (but some at 64 × 512 KiB: no size is a guarantee).
    /// PUB → SUB, 100k messages in a burst: 86% arrived over ipc with 128 KiB, all with 4 MiB.
    func setKernelBuffers(bytes: Int) throws {
        let size = Int32(clamping: bytes)
        try setOption(cnn_sndbuf, size)
        try setOption(cnn_rcvbuf, size)
    }

    /// Turns on NN_TCP_NODELAY (nanomsg leaves Nagle on) and a receive timeout for receiver threads.
    func applyDefaults() throws {
        try setOption(cnn_tcp_nodelay, level: cnn_tcp, 1)
        try setOption(cnn_rcvtimeo, Self.receiveTimeoutMilliseconds)
    }

    /// Binds; an ipc endpoint's socket file is then left to our own user (see `IPCSocketFile`).
    func bind(_ url: String) throws {
        try withSocket { fd in _ = try Self.check(nn_bind(fd, url), "nn_bind(\(url))") }
        try IPCSocketFile.restrict(url: url)
    }

    /// Connects; returns nanomsg's endpoint id (for `shutdown(endpoint:)`).
    @discardableResult
    func connect(_ url: String) throws -> Int32 {
        try withSocket { fd in try Self.check(nn_connect(fd, url), "nn_connect(\(url))") }
    }

    /// Drops one endpoint of `connect` (its connection and its reconnect attempts).
    func shutdown(endpoint: Int32) {
        _ = try? withSocket { fd in nn_shutdown(fd, endpoint) }
    }

    // MARK: Messages

    /// Blocks for at most the receive timeout. `header` asks for the SP routing header (raw sockets).
    func receive(header wantsHeader: Bool) throws -> Received {
        try withSocket { fd in
            try withUnsafeTemporaryAllocation(byteCount: wantsHeader ? Int(cnn_max_header) : 1, alignment: 8) { headerBuffer in
                var body: UnsafeMutableRawPointer?
                var headerLength = 0
                let rc = cnn_recv_with_header(
                    fd,
                    &body,
                    wantsHeader ? headerBuffer.baseAddress : nil,
                    headerBuffer.count,
                    &headerLength,
                    0
                )
                let length: Int32
                do {
                    length = try Self.check(rc, "nn_recvmsg")
                } catch BusError.socket(_, let errno, _)
                    where errno == cnn_etimedout || errno == cnn_eagain || errno == cnn_eintr
                {
                    return .timedOut
                }
                defer { nn_freemsg(body) }
                let bytes = Array(UnsafeRawBufferPointer(start: body, count: Int(length)))
                // A header longer than the buffer was cut short: replying with it would misroute.
                guard headerLength <= headerBuffer.count else {
                    throw BusError.socket(
                        operation: "nn_recvmsg",
                        errno: cnn_einval,
                        message: "SP routing header of \(headerLength) bytes is too long"
                    )
                }
                let header = Array(UnsafeRawBufferPointer(rebasing: headerBuffer[..<headerLength]))
                return .message(body: bytes, header: header)
            }
        }
    }

    /// Sends without blocking. Returns false when nanomsg has no peer ready to take it (EAGAIN).
    func send(_ body: [UInt8], header: [UInt8]?, flags: Int32 = cnn_dontwait) throws -> Bool {
        try withSocket { fd in
            let rc = body.withUnsafeBytes { bodyBytes in
                guard let header else {
                    return cnn_send_with_header(fd, bodyBytes.baseAddress, bodyBytes.count, 0, nil, 0, flags)
                }
                return header.withUnsafeBytes { headerBytes in
                    cnn_send_with_header(
                        fd,
                        bodyBytes.baseAddress,
                        bodyBytes.count,
                        1,
                        headerBytes.baseAddress,
                        headerBytes.count,
                        flags
                    )
                }
            }
            do {
                _ = try Self.check(rc, "nn_sendmsg")
                return true
            } catch BusError.socket(_, let errno, _) where errno == cnn_eagain {
                return false
            }
        }
    }

    // MARK: Closing

    /// Closes now, or as soon as the calls still inside nanomsg return. Idempotent.
    func close() {
        let closeNow = usage.withLock { usage -> Bool in
            guard !usage.closeRequested else { return false }
            usage.closeRequested = true
            return Self.takeClose(&usage)
        }
        if closeNow { nn_close(fd) }
    }

    /// Runs `body` with the descriptor while the socket cannot close under it.
    func withSocketDescriptor<Result>(_ body: (Int32) throws -> Result) throws -> Result {
        try withSocket(body)
    }

    private func withSocket<Result>(_ body: (Int32) throws -> Result) throws -> Result {
        try usage.withLock { usage in
            guard !usage.closeRequested else { throw BusError.closed }
            usage.users += 1
        }
        defer {
            let closeNow = usage.withLock { usage -> Bool in
                usage.users -= 1
                return Self.takeClose(&usage)
            }
            if closeNow { nn_close(fd) }
        }
        return try body(fd)
    }

    private static func takeClose(_ usage: inout Usage) -> Bool {
        guard usage.closeRequested, usage.users == 0, !usage.closed else { return false }
        usage.closed = true
        return true
    }

    /// The one place a nanomsg return code becomes an error: -1 means "look at nn_errno()".
    private static func check(_ rc: Int32, _ operation: @autoclosure () -> String) throws -> Int32 {
        guard rc < 0 else { return rc }
        let errno = nn_errno()
        if errno == cnn_ebadf || errno == cnn_eterm { throw BusError.closed }
        throw BusError.socket(operation: operation(), errno: errno, message: String(cString: nn_strerror(errno)))
    }
}

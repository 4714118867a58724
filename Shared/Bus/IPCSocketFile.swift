internal import CNanomsg
import Foundation

/// The Unix socket file behind a bound `ipc://` endpoint, made reachable by its owner only.
///
/// nanomsg 1.1.5's ipc transport aborts the process when a connected peer sends a message whose
/// first byte is not 1 (`nn_assert (sipc->inhdr [0] == NN_SIPC_MSG_NORMAL)` in sipc.c), whatever
/// the socket type. No socket type helps, so who may connect is limited instead: on Linux,
/// connecting to a Unix socket needs write permission on its file, and mode 0600 leaves that to
/// our own user (and root), who could end the process anyway. nanomsg creates the file with the
/// process umask; the few microseconds before the chmod are closed by a 0700 directory
/// (`infra/run.sh` makes its bus directory so). See docs/architecture/bus-hardening.md.
enum IPCSocketFile {
    static let scheme = "ipc://"

    /// Restricts the socket file of `url` when it is an ipc endpoint; other transports are left alone.
    static func restrict(url: String) throws {
        guard url.hasPrefix(scheme) else { return }
        let path = String(url.dropFirst(scheme.count))
        guard chmod(path, 0o600) == 0 else {
            let code = errno
            throw BusError.socket(operation: "chmod(\(path), 0600)", errno: code, message: String(cString: strerror(code)))
        }
    }
}

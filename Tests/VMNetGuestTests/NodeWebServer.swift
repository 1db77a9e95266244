import Foundation
import VMNetTestKit

/// An HTTP server in the node namespace, on port 8080 of every node address (IPv4 and IPv6),
/// that tells each client the address it came from and records it: the other side of a
/// guest's outbound request.
///
/// `/` answers `node`; `/cgi-bin/peer` answers `node PEER` and appends `PEER /cgi-bin/peer` to
/// the request log.
final class NodeWebServer {
    /// The port it listens on.
    static let port = 8080

    private let root: URL
    private let log: URL
    private var server: ChildProcess?

    /// Starts busybox httpd inside `namespace`, serving from `directory/www`.
    init(namespace: String, directory: URL) throws(GuestTestError) {
        root = directory.appendingPathComponent("www")
        log = directory.appendingPathComponent("node-requests.log")
        let script = """
            #!/bin/sh
            # busybox httpd writes IPv6 peers as [addr] and IPv4 peers as [::ffff:a.b.c.d].
            peer=${REMOTE_ADDR#\\[}
            peer=${peer%\\]}
            peer=${peer#::ffff:}
            echo "$peer $REQUEST_URI" >> '\(log.path)'
            printf 'Content-Type: text/plain\\r\\n\\r\\nnode %s\\n' "$peer"

            """
        let cgi = root.appendingPathComponent("cgi-bin")
        do {
            try FileManager.default.createDirectory(at: cgi, withIntermediateDirectories: true)
            try Data("node\n".utf8).write(to: root.appendingPathComponent("index.html"))
            try Data().write(to: log)
        } catch {
            throw .io(path: root.path, reason: "\(error)")
        }
        let peer = cgi.appendingPathComponent("peer").path
        do {
            try writeExecutable(script, to: peer)
        } catch {
            throw .io(path: peer, reason: error.description)
        }
        server = try ChildProcess(
            "/usr/sbin/ip", ["netns", "exec", namespace, "/bin/busybox", "httpd", "-f", "-p", String(Self.port), "-h", root.path])
    }

    deinit {
        stop()
    }

    /// The addresses requests came from, in order.
    var peers: [String] {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return text.split(whereSeparator: \.isNewline).compactMap { $0.split(separator: " ").first.map(String.init) }
    }

    /// Stops the server.
    func stop() {
        server?.send(SIGTERM)
        server?.wait()
        server = nil
    }
}

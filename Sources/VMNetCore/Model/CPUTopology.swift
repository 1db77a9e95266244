/// The VM's vCPU topology (`spec.domain.cpu`), which sets the queue count of multi-queue virtio NICs.
package struct CPUTopology: Codable, Sendable, Equatable {
    /// Cores per socket; `nil` means 1.
    package var cores: Int?
    /// Sockets; `nil` means 1.
    package var sockets: Int?
    /// Threads per core; `nil` means 1.
    package var threads: Int?

    /// Creates a topology.
    package init(cores: Int? = nil, sockets: Int? = nil, threads: Int? = nil) {
        self.cores = cores
        self.sockets = sockets
        self.threads = threads
    }

    /// sockets × cores × threads.
    package var vcpus: Int { (sockets ?? 1) * (cores ?? 1) * (threads ?? 1) }
}

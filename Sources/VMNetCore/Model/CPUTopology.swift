/// The VM's vCPU topology (`spec.domain.cpu`), which sets the queue count of multi-queue virtio NICs.
public struct CPUTopology: Codable, Sendable, Equatable {
    /// Cores per socket; `nil` means 1.
    public var cores: Int?
    /// Sockets; `nil` means 1.
    public var sockets: Int?
    /// Threads per core; `nil` means 1.
    public var threads: Int?

    /// Creates a topology.
    public init(cores: Int? = nil, sockets: Int? = nil, threads: Int? = nil) {
        self.cores = cores
        self.sockets = sockets
        self.threads = threads
    }

    /// sockets × cores × threads.
    public var vcpus: Int { (sockets ?? 1) * (cores ?? 1) * (threads ?? 1) }
}

import Foundation
import Testing
import VMNetCore
import VMNetEngine
import VMNetManifest
import VMNetPluginHost

/// The plugin contract's JSON documents, pinned per contract version in `Tests/Fixtures/contract/<version>/`: every
/// request the host sends and every answer a plugin sends, for the spec examples that reach each host-step and
/// domain-device kind the built-in drivers plan. A change to a `Codable` type that changes the wire format fails
/// here for the versions it touches; an intended change regenerates the files with `VMNET_UPDATE_GOLDEN=1`.
@Suite("Golden contract documents, one set per contract version")
struct ContractDocumentTests {
    static let drivers = BuiltinPluginTests.registry.drivers

    /// The documents of one contract version, by file name.
    static func documents(for version: ContractVersion) throws -> [(file: String, json: String)] {
        var documents: [(String, String)] = []
        func add(_ file: String, _ value: some Encodable) throws {
            let encoder = JSONEncoder.vmnetContract(version)
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            documents.append((file, String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"))
        }
        for sample in try ContractSample.bindingSamples() {
            let binding = try #require(drivers.bindings[sample.binding])
            try add("binding-plan-request.\(sample.name).json", PluginRequest(contractVersion: version, request: sample.request))
            try add("binding-plan.\(sample.name).json", try binding.plan(sample.request))
        }
        let backend = try ContractSample.multusRequest()
        try add("backend-plan-request.multus.json", PluginRequest(contractVersion: version, request: backend))
        try add("backend-plan.multus.json", try #require(drivers.backends["multus"]).plan(backend))
        let status = try ContractSample.multusRequestWithStatus()
        try add("backend-plan-request.multus-status.json", PluginRequest(contractVersion: version, request: status))
        try add("backend-plan.multus-status.json", try #require(drivers.backends["multus"]).plan(status))
        let validation = BindingValidationRequest(vm: backend.vm, interfaceIndex: 0, config: backend.config)
        try add("binding-validation-request.json", PluginRequest(contractVersion: version, request: validation))
        for name in drivers.bindingNames {
            try add("binding-manifest.\(name).json", try #require(drivers.bindings[name]).manifest)
        }
        for name in drivers.backendNames {
            try add("backend-manifest.\(name).json", try #require(drivers.backends[name]).manifest)
        }
        let diagnostic = Diagnostic(
            .error, rule: "network-name-malformed", path: FieldPath(parsing: "spec.networks[0].multus.networkName"),
            message: "networkName must be NAME or NAMESPACE/NAME")
        try add("diagnostics.json", PluginDiagnostics([diagnostic]))
        try add("failure.json", PluginFailure("no SR-IOV virtual function is allocated to interface sriov-net"))
        return documents
    }

    @Test("each version's documents are exactly the pinned ones", arguments: ContractVersion.supported)
    func pinned(version: ContractVersion) throws {
        let folder = packageRoot + "/Tests/Fixtures/contract/\(version)"
        let documents = try Self.documents(for: version)
        if ProcessInfo.processInfo.environment["VMNET_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for document in documents {
                try document.json.write(toFile: folder + "/" + document.file, atomically: true, encoding: .utf8)
            }
        }
        let pinnedFiles = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(pinnedFiles == documents.map(\.file).sorted(), "documents added or removed for contract \(version)")
        for document in documents {
            let pinned = try String(contentsOfFile: folder + "/" + document.file, encoding: .utf8)
            #expect(document.json == pinned, "contract \(version): \(document.file) changed")
        }
    }

    @Test("the pinned documents of every version decode into the values they were made from", arguments: ContractVersion.supported)
    func decodable(version: ContractVersion) throws {
        let folder = packageRoot + "/Tests/Fixtures/contract/\(version)/"
        func read<T: Decodable>(_ type: T.Type, _ file: String) throws -> T {
            try JSONDecoder().decode(type, from: Data(contentsOf: URL(fileURLWithPath: folder + file)))
        }
        for sample in try ContractSample.bindingSamples() {
            let request = try read(PluginRequest<BindingPlanRequest>.self, "binding-plan-request.\(sample.name).json")
            #expect(request.contractVersion == version)
            #expect(request.request == sample.request)
            let plan = try read(BindingPlan.self, "binding-plan.\(sample.name).json")
            #expect(plan == (try #require(Self.drivers.bindings[sample.binding]).plan(sample.request)))
        }
        let backend = try ContractSample.multusRequest()
        #expect(try read(PluginRequest<BackendPlanRequest>.self, "backend-plan-request.multus.json").request == backend)
        #expect(try read(BackendPlan.self, "backend-plan.multus.json") == (try #require(Self.drivers.backends["multus"]).plan(backend)))
        var status = try ContractSample.multusRequestWithStatus()
        let statusPlan = try #require(Self.drivers.backends["multus"]).plan(status)
        #expect(statusPlan.assignments.map(\.podInterface) == ["net7"])
        #expect(try read(BackendPlan.self, "backend-plan.multus-status.json") == statusPlan)
        // Before 1.3 the request carries the network-status array, not the pod's other annotations.
        if version < .driverNeutral { status.podAnnotations = status.podAnnotations?.filter { $0.key == BackendPlanRequest.networkStatusAnnotation } }
        #expect(try read(PluginRequest<BackendPlanRequest>.self, "backend-plan-request.multus-status.json").request == status)
        for name in Self.drivers.bindingNames {
            var manifest = try #require(Self.drivers.bindings[name]).manifest
            // A host-device request is sent from 1.3 on; before, the manifest says nothing of it.
            if version < .driverNeutral { manifest.capabilities.hostDevice = nil }
            #expect(try read(BindingManifest.self, "binding-manifest.\(name).json") == manifest)
        }
        for name in Self.drivers.backendNames {
            #expect(try read(BackendManifest.self, "backend-manifest.\(name).json") == Self.drivers.backends[name]?.manifest)
        }
        #expect(try read(PluginDiagnostics.self, "diagnostics.json").diagnostics.map(\.rule) == ["network-name-malformed"])
        #expect(try read(PluginFailure.self, "failure.json").error.hasPrefix("no SR-IOV virtual function"))
    }
}

/// The requests the golden documents are made of: spec examples, planned against `IllustrativePod`'s facts.
enum ContractSample {
    /// A binding plan request for interface 0 of a spec example.
    struct Binding {
        var name: String
        var binding: String
        var request: BindingPlanRequest
    }

    static func machine(_ example: String) throws -> ManifestSet {
        try ManifestDecoder(drivers: ContractDocumentTests.drivers)
            .decode(contentsOf: packageRoot + "/Tests/Fixtures/spec/\(example).yaml")
    }

    /// Masquerade with IPv6 (sysctls, NAT rules, DHCPv4 and v6), bridge on a Multus network (every link step and a
    /// DHCP server), slirp (the QEMU user network) and SR-IOV (a host device).
    static func bindingSamples() throws -> [Binding] {
        let facts = IllustrativePod.facts(withIPv6: true, hostDeviceNetworks: ["sriov-net"])
        func request(_ example: String, podInterface: Int?, primary: Bool) throws -> BindingPlanRequest {
            let vm = try machine(example).machines[0].vm
            return BindingPlanRequest(
                vm: vm, interfaceIndex: 0, config: ClusterConfig(), podInterface: podInterface.map { facts.interfaces[$0] },
                isPrimary: primary, tapOwner: 107, tapGroup: 107,
                hostDevice: facts.hostDevices[vm.interfaces?.first?.name ?? ""])
        }
        return [
            Binding(name: "masquerade-ipv6", binding: "masquerade", request: try request("masquerade-ipv6", podInterface: 0, primary: true)),
            Binding(name: "bridge-multus", binding: "bridge", request: try request("bridge-multus", podInterface: 1, primary: false)),
            Binding(name: "slirp", binding: "slirp", request: try request("slirp", podInterface: 0, primary: true)),
            Binding(name: "sriov", binding: "sriov", request: try request("sriov", podInterface: nil, primary: false)),
        ]
    }

    /// The Multus backend's request for the bridge-on-Multus example in a pod whose network-status annotation
    /// (compact, keys sorted, as documents of contracts before 1.3 carry it back) puts the attachment on `net7`.
    static func multusRequestWithStatus() throws -> BackendPlanRequest {
        var request = try multusRequest()
        request.podAnnotations = [
            BackendPlanRequest.networkStatusAnnotation:
                #"[{"default":true,"interface":"eth0","name":"kindnet"},{"interface":"net7","name":"default/red"}]"#,
            "example.com/owner": "team-a",
        ]
        return request
    }

    /// The Multus backend's request for the bridge-on-Multus example.
    static func multusRequest() throws -> BackendPlanRequest {
        let manifests = try machine("bridge-multus")
        let vm = manifests.machines[0].vm
        return BackendPlanRequest(
            vm: vm, networkIndexes: Array((vm.networks ?? []).indices), config: ClusterConfig(),
            attachments: manifests.attachments)
    }
}

// libFuzzer entry point for the host's reading of plugin answers; built and run by Tests/Fuzz/run-fuzz.sh.
//
// A descriptor made here answers every call with the fuzz input, as a hostile or buggy plugin could: the host's
// channel (timeout, size limit, status and error document), its decoding of manifests, diagnostics, backend and
// binding plans and custom-step results, and the planner's check of every binding's answer (`PlanScope`) run on it.
import CVMNetPlugin
import Glibc
import VMNetCore
import VMNetEngine
@testable import VMNetPluginHost

/// What the next call of one fake plugin returns: a status and a document (`nil`: no response at all).
private struct Answer {
    var status: Int32
    var document: [UInt8]?
}

/// The answers of the binding (context 1) and the backend (context 2), set before each call.
nonisolated(unsafe) private var answers: [Int: Answer] = [:]

private let call: vmnet_plugin_call_fn = { context, _, _, _, response, length in
    guard let answer = answers[Int(bitPattern: context)] else { return VMNET_PLUGIN_UNSUPPORTED }
    guard let document = answer.document else { return answer.status }
    let buffer = malloc(max(document.count, 1))!.assumingMemoryBound(to: CChar.self)
    document.withUnsafeBytes { bytes in
        if let base = bytes.baseAddress { memcpy(buffer, base, document.count) }
    }
    response!.pointee = buffer
    length!.pointee = document.count
    return answer.status
}
private let freeResponse: vmnet_plugin_free_fn = { _, response, _ in free(response) }

/// A channel to the fake plugin of `context`, as the loader makes one for a loaded file.
private func channel(_ context: Int, _ kind: String) -> PluginChannel {
    let descriptor = UnsafeMutablePointer<vmnet_plugin_descriptor>.allocate(capacity: 1)
    descriptor.initialize(to: vmnet_plugin_descriptor(
        abi_version: VMNET_PLUGIN_ABI_VERSION, kind: context == 1 ? VMNET_PLUGIN_KIND_BINDING : VMNET_PLUGIN_KIND_BACKEND,
        name: nil, version: nil, contract_versions: nil, context: UnsafeMutableRawPointer(bitPattern: context),
        call: call, free_response: freeResponse))
    return PluginChannel(
        descriptor: .init(pointer: UnsafePointer(descriptor)), contract: ContractVersion.supported.last!,
        label: "\(kind) plugin 'hostile' (fuzz)", timeout: .seconds(10))
}

private let bindingChannel = channel(1, "binding")
private let binding = LoadedBinding(
    manifest: BindingManifest(name: "hostile", displayName: "Hostile", version: "1.0.0", summary: "fuzzed",
                              capabilities: BindingCapabilities(servesDHCP: true)),
    file: "fuzz", channel: bindingChannel)
private let backend = LoadedBackend(
    manifest: BackendManifest(name: "hostile", displayName: "Hostile", version: "1.0.0", summary: "fuzzed",
                              capabilities: BackendCapabilities(providesDefaultNetwork: true)),
    file: "fuzz", channel: channel(2, "backend"))
private let planner = Planner(drivers: DriverSet(bindings: [binding], backends: [backend]))
private let vm = VirtualMachine(
    name: "fuzz", interfaces: [Interface(name: "default", bindings: [BindingMethod(name: "hostile")])],
    networks: [Network(name: "default", sources: [NetworkSource(backend: "hostile")])])
private let facts = PodFacts(interfaces: [
    PodInterface(name: "lo", macAddress: "00:00:00:00:00:00", mtu: 65536, addresses: [try! IPNetwork(parsing: "127.0.0.1/8")]),
    PodInterface(name: "eth0", macAddress: "0a:58:0a:f4:01:05", addresses: [try! IPNetwork(parsing: "10.244.1.5/24")],
                 routes: [PodRoute(gateway: IPAddress("10.244.1.1"))]),
    PodInterface(name: "tap9", macAddress: "02:00:00:00:00:09"),
])
/// A backend's well-formed answer, for the calls where the binding's is fuzzed.
private let assignment = Array(#"{"assignments":[{"network":"default","podInterface":"eth0","isPrimary":true}]}"#.utf8)

/// The first byte picks the call and the status; the rest is the document the plugin answers.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size > 0 else { return 0 }
    let selector = Int(data[0])
    let statuses = [VMNET_PLUGIN_OK, VMNET_PLUGIN_FAILED, VMNET_PLUGIN_BAD_REQUEST, 77]
    let fuzzed = Answer(status: statuses[(selector / 5) % 4],
                        document: selector >= 240 ? nil : Array(UnsafeBufferPointer(start: data + 1, count: size - 1)))
    switch selector % 5 {
    case 0:
        answers = [1: fuzzed]
        if let manifest = try? bindingChannel.call(.describe, EmptyDocument(), as: PluginManifest.self) {
            _ = ManifestRules.problems(manifest)
        }
    case 1:
        answers = [1: fuzzed]
        let diagnostics = binding.validate(BindingValidationRequest(vm: vm, interfaceIndex: 0, config: ClusterConfig()))
        precondition(fuzzed.status == VMNET_PLUGIN_OK || diagnostics.count == 1, "a failed validate gave \(diagnostics)")
    case 2, 3:
        answers = selector % 5 == 2 ? [2: fuzzed] : [1: fuzzed, 2: Answer(status: VMNET_PLUGIN_OK, document: assignment)]
        do {
            let plan = try planner.plan(vm, config: ClusterConfig(), facts: facts)
            for step in plan.interfaces.flatMap(\.plan.steps) {
                precondition(StepLimits.problem(of: step) == nil, "a planned step beyond the limits: \(step)")
                precondition(!step.links.contains("lo") && !step.links.contains("tap9"), "a planned step on a link not given: \(step)")
            }
        } catch {
            precondition(!error.message.isEmpty, "a plan error without a message")
            precondition(fuzzed.status == VMNET_PLUGIN_FAILED || error.message.contains("hostile"),
                         "a plan error that does not name the plugin: \(error.message)")
        }
    default:
        answers = [1: fuzzed]
        do {
            try binding.apply(CustomStep(plugin: "hostile", name: "fuzz"))
        } catch {
            precondition(fuzzed.status == VMNET_PLUGIN_FAILED || error.message.contains("hostile"),
                         "an apply error that does not name the plugin: \(error.message)")
        }
    }
    return 0
}

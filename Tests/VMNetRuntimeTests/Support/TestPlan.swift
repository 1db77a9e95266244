import Foundation
import VMNetCore
import VMNetEngine

/// Plans written by hand for the executor, bypassing the planner: a VM whose interfaces have the given steps.
enum TestPlan {
    /// A plan for VM `default/NAME` with one interface per entry of `interfaces`.
    static func make(_ name: String, _ interfaces: [(name: String, steps: [HostStep])]) throws -> VMPlan {
        let encoder = JSONEncoder()
        let entries: [[String: Any]] = try interfaces.map { interface in
            let plan = BindingPlan(
                interface: interface.name, podInterface: "eth0", steps: interface.steps,
                device: .interface(DomainInterface(name: interface.name, targetDevice: "tap0")))
            return [
                "network": interface.name, "backend": "pod", "binding": "test", "isPrimary": true,
                "plan": try JSONSerialization.jsonObject(with: encoder.encode(plan)),
            ]
        }
        let document: [String: Any] = ["name": name, "namespace": "default", "interfaces": entries]
        return try JSONDecoder().decode(VMPlan.self, from: JSONSerialization.data(withJSONObject: document))
    }
}

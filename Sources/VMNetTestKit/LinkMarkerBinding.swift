import VMNetCore

/// A binding that is only executed: its custom step makes the link its `link` argument names, through `make`, and
/// its revert removes it, through `remove`. What a namespace then holds shows where, and whether, the executor ran
/// a plugin's custom step (on the kernel's host or an in-memory one).
public struct LinkMarkerBinding: Binding {
    public let manifest = BindingManifest(
        name: "marker", displayName: "Marker", version: "1.0.0", summary: "Makes a link as its custom step.",
        capabilities: BindingCapabilities())
    private let make: @Sendable (String) throws -> Void
    private let remove: @Sendable (String) throws -> Void

    /// A marker that makes links with `make` and removes them with `remove`.
    public init(make: @escaping @Sendable (String) throws -> Void, remove: @escaping @Sendable (String) throws -> Void) {
        self.make = make
        self.remove = remove
    }

    public func plan(_ request: BindingPlanRequest) throws(PlanError) -> BindingPlan {
        throw PlanError("the marker binding is only executed")
    }

    public func apply(_ step: CustomStep) throws(PlanError) {
        do {
            try make(step.arguments["link"] ?? "")
        } catch {
            throw PlanError("cannot make the marker: \(error)")
        }
    }

    public func revert(_ step: CustomStep) throws(PlanError) {
        do {
            try remove(step.arguments["link"] ?? "")
        } catch {
            throw PlanError("cannot remove the marker: \(error)")
        }
    }
}

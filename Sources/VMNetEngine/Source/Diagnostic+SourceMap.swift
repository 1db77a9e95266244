import VMNetCore

extension Diagnostic {
    /// The same diagnostic with its location looked up in `map` (kept when already set).
    public func located(in map: SourceMap) -> Diagnostic {
        var copy = self
        if copy.location == nil { copy.location = map.location(of: path) }
        return copy
    }
}

import ArgumentParser
import VMNetCore

/// `--naming`: how secondary pod interfaces are named, for every command that names them.
struct NamingOption: ParsableArguments {
    @Option(name: .long, help: "How secondary pod interfaces are named: ordinal (net1, net2, …) or hashed (pod<sha256>).")
    var naming: InterfaceNaming = .ordinal
}

extension InterfaceNaming: ExpressibleByArgument {}

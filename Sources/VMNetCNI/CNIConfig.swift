import FoundationEssentials
import VMNetCore
import VMNetRuntime

/// The network configuration a runtime gives vmnet-cni on standard input: the CNI fields, vmnet's own settings
/// (`stateDir`, `pluginPath`, `tapOwner`, `tapGroup`, `naming`) and what the runtime inserts (`prevResult`,
/// `runtimeConfig`, GC's valid attachments). Unknown keys are ignored, as the specification asks; `args.cni` and
/// `clusterConfig` are read from the text with their positions (`CNIRequestDocument`).
struct CNIConfig: Decodable, Sendable {
    /// One attachment of GC's `cni.dev/valid-attachments`.
struct Attachment: Decodable, Sendable, Hashable {
        /// Its `CNI_CONTAINERID`.
        public var containerID: String
        /// Its `CNI_IFNAME`.
        public var ifname: String
    }

    /// The configuration's CNI version: the version every answer is in.
var cniVersion: String
    /// The versions a 1.1 configuration lists.
var cniVersions: [String]?
    /// The network's name.
var name: String?
    /// Where journals and the attachment index are kept; `/var/lib/vmnet` by default.
var stateDir: String?
    /// Folders searched for binding and backend plugins before the standard ones.
var pluginPath: [String]?
    /// The user that owns the taps (QEMU's; KubeVirt's is 107).
var tapOwner: UInt32?
    /// The group that owns the taps.
var tapGroup: UInt32?
    /// `ordinal` or `hashed`: how secondary pod interfaces are named (as `vmnet pod-annotations --naming`).
var naming: String?
    /// `auto`, `nftables` or `iptables`: the firewall API of NAT rules (as `vmnet up --nat-backend`); without it,
    /// the VM manifests' ConfigMap `natBackend`, else `auto`.
var natBackend: String?
    /// The previous plugin's result (ADD), or the cached final one (CHECK, DEL).
var prevResult: JSONValue?
    /// GC: the attachments still in use.
var validAttachments: [Attachment]?

    private enum CodingKeys: String, CodingKey {
        case cniVersion, cniVersions, name, stateDir, pluginPath, tapOwner, tapGroup, naming, natBackend, prevResult
        case validAttachments = "cni.dev/valid-attachments"
        case attachments = "cni.dev/attachments"
    }

init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        cniVersion = try container.decodeIfPresent(String.self, forKey: .cniVersion) ?? "0.1.0"
        cniVersions = try container.decodeIfPresent([String].self, forKey: .cniVersions)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        stateDir = try container.decodeIfPresent(String.self, forKey: .stateDir)
        pluginPath = try container.decodeIfPresent([String].self, forKey: .pluginPath)
        tapOwner = try container.decodeIfPresent(UInt32.self, forKey: .tapOwner)
        tapGroup = try container.decodeIfPresent(UInt32.self, forKey: .tapGroup)
        naming = try container.decodeIfPresent(String.self, forKey: .naming)
        natBackend = try container.decodeIfPresent(String.self, forKey: .natBackend)
        prevResult = try container.decodeIfPresent(JSONValue.self, forKey: .prevResult)
        // The spec-v1.1.0 tag named the key `cni.dev/attachments`; libcni sends both.
        validAttachments = try container.decodeIfPresent([Attachment].self, forKey: .validAttachments)
            ?? container.decodeIfPresent([Attachment].self, forKey: .attachments)
    }

    /// The configuration in `bytes`; what is not JSON of this shape is code 6, saying where.
static func decode(_ bytes: [UInt8]) throws(CNIError) -> CNIConfig {
        do {
            return try JSONDecoder().decode(CNIConfig.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw CNIError(.decodingFailure, "the network configuration on standard input is not vmnet-cni's: \(Self.describe(error))")
        } catch {
            throw CNIError(.decodingFailure, "the network configuration on standard input is not JSON: \(error)")
        }
    }

    /// The default state directory on a node.
static let defaultStateDirectory = "/var/lib/vmnet"

    private static func describe(_ error: DecodingError) -> String {
        let failure = DecodingFailure(error)
        return failure.path.isEmpty ? failure.detail : "\(failure.fieldPath): \(failure.detail)"
    }
}

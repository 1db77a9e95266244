#ifndef VMNET_SYS_H
#define VMNET_SYS_H
#include <stddef.h>
#include <stdint.h>

/// Moves the calling thread into the network namespace open at `fd` (setns(fd, CLONE_NEWNET)).
/// Returns 0, or -errno.
int vmnet_setns_net(int fd);

/// Names the calling thread `name` (at most 15 bytes; longer names are refused) for ps, top and gdb.
/// Returns 0, or an errno value.
int vmnet_thread_name(const char *name);

/// Drops every capability of the calling thread for good: empties its bounding, ambient, effective, permitted and
/// inheritable sets and sets no_new_privs. Credentials are per thread in Linux: every thread must call it (threads
/// it starts afterwards inherit the empty sets). Returns 0, or -errno.
int vmnet_drop_capabilities(void);

/// Creates an anonymous memory file (memfd_create) that a program this process execs inherits.
/// Returns its descriptor, or -errno.
int vmnet_memfd(const char *name);

/// Creates a new file from `template`, whose last six characters are XXXXXX and are replaced by the name chosen
/// (mkostemp with O_CLOEXEC: mode 0600, never an existing file or a link). Returns its descriptor, or -errno.
int vmnet_temporary_file(char *template);

/// Creates a persistent tap device named `name` in the calling thread's network namespace, the way libvirt
/// opens one: IFF_TAP | IFF_NO_PI | IFF_VNET_HDR, plus IFF_MULTI_QUEUE when `queues` > 1 (one TUNSETIFF per queue).
/// `owner` / `group` are applied with TUNSETOWNER / TUNSETGROUP unless negative. Returns 0, or -errno.
int vmnet_tap_create(const char *name, unsigned int queues, int64_t owner, int64_t group);

/// What a nat-table rule does with the packets it matches.
enum vmnet_nat_target_kind {
    /// A standard target: RETURN, or a jump to the chain named in `vmnet_nat_rule.target_name`.
    VMNET_NAT_TARGET_STANDARD = 0,
    /// MASQUERADE (revision 0).
    VMNET_NAT_TARGET_MASQUERADE = 1,
    /// DNAT to `to_address` (and `to_port` when not 0), revision 2 (struct nf_nat_range2).
    VMNET_NAT_TARGET_DNAT = 2,
    /// SNAT to `to_address`: revision 0 for IPv4 (nf_nat_ipv4_multi_range_compat), 1 for IPv6 (nf_nat_range),
    /// the revisions iptables-legacy 1.8.9 uses and prints (it prints SNAT revision 2 as "[unsupported revision]").
    VMNET_NAT_TARGET_SNAT = 3,
};

/// A nat-table rule as plain data; the builders below turn it into an ipt_entry / ip6t_entry and back.
struct vmnet_nat_rule {
    /// 0 for IPv4 (ipt_entry), 1 for IPv6 (ip6t_entry).
    uint8_t ipv6;
    /// Source address in network order (4 or 16 bytes used) and prefix length; prefix 0 means any.
    uint8_t source[16];
    uint8_t source_prefix;
    /// Destination address in network order and prefix length; prefix 0 means any.
    uint8_t destination[16];
    uint8_t destination_prefix;
    /// Input / output interface names, empty for any.
    char in_interface[16];
    char out_interface[16];
    /// IP protocol number, 0 for any (6 tcp, 17 udp).
    uint8_t protocol;
    /// Destination port range in host order; both 0 means no port match (a tcp/udp match otherwise).
    uint16_t port_min;
    uint16_t port_max;
    /// The target kind (enum vmnet_nat_target_kind).
    uint8_t target;
    /// The standard target's name ("RETURN" or a chain); ignored for the other targets.
    char target_name[32];
    /// DNAT/SNAT address in network order.
    uint8_t to_address[16];
    /// DNAT port in host order, 0 for none.
    uint16_t to_port;
};

/// The size in bytes of the entry `vmnet_nat_entry_build` writes for `rule`.
size_t vmnet_nat_entry_size(const struct vmnet_nat_rule *rule);

/// Writes the ipt_entry (or ip6t_entry) for `rule` into `entry`, which holds `vmnet_nat_entry_size(rule)` bytes.
void vmnet_nat_entry_build(const struct vmnet_nat_rule *rule, void *entry);

/// Reads an ipt_entry (or ip6t_entry when `ipv6`) back into `rule`. The standard target's name is left empty
/// (libiptc's iptc_get_target knows it). Returns 0, or -1 when the entry uses matches, flags or targets that
/// `struct vmnet_nat_rule` cannot express.
int vmnet_nat_entry_read(const void *entry, int ipv6, struct vmnet_nat_rule *rule);

#endif

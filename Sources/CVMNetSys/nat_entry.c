#include <string.h>
#include <arpa/inet.h>
#include <linux/netfilter/nf_nat.h>
#include <linux/netfilter/x_tables.h>
#include <linux/netfilter/xt_tcpudp.h>
#include <linux/netfilter_ipv4/ip_tables.h>
#include <linux/netfilter_ipv6/ip6_tables.h>
#include "vmnet_sys.h"

/// The entry layouts below are the ones iptables-legacy 1.8.9 builds for the same command line (checked by dumping
/// its entries): DNAT revision 2 (nf_nat_range2); SNAT revision 0 for IPv4 (nf_nat_ipv4_multi_range_compat) and
/// revision 1 for IPv6 (nf_nat_range), because 1.8.9 prints SNAT revision 2 as "[unsupported revision]";
/// MASQUERADE revision 0. So iptables-legacy-save prints our rules exactly as its own and `iptables -D` finds them.

static size_t header_size(const struct vmnet_nat_rule *rule) {
    return rule->ipv6 ? sizeof(struct ip6t_entry) : sizeof(struct ipt_entry);
}

static size_t match_size(const struct vmnet_nat_rule *rule) {
    if (rule->port_min == 0 && rule->port_max == 0) return 0;
    size_t data = rule->protocol == IPPROTO_UDP ? sizeof(struct xt_udp) : sizeof(struct xt_tcp);
    return XT_ALIGN(sizeof(struct xt_entry_match)) + XT_ALIGN(data);
}

static size_t target_data_size(const struct vmnet_nat_rule *rule) {
    switch (rule->target) {
    case VMNET_NAT_TARGET_MASQUERADE:
        return rule->ipv6 ? sizeof(struct nf_nat_range) : sizeof(struct nf_nat_ipv4_multi_range_compat);
    case VMNET_NAT_TARGET_DNAT:
        return sizeof(struct nf_nat_range2);
    case VMNET_NAT_TARGET_SNAT:
        return rule->ipv6 ? sizeof(struct nf_nat_range) : sizeof(struct nf_nat_ipv4_multi_range_compat);
    default:
        return sizeof(int);
    }
}

static size_t target_size(const struct vmnet_nat_rule *rule) {
    return XT_ALIGN(sizeof(struct xt_entry_target)) + XT_ALIGN(target_data_size(rule));
}

size_t vmnet_nat_entry_size(const struct vmnet_nat_rule *rule) {
    return header_size(rule) + match_size(rule) + target_size(rule);
}

static void prefix_mask(uint8_t *mask, unsigned int bytes, unsigned int prefix) {
    for (unsigned int i = 0; i < bytes; i++) {
        unsigned int bits = prefix > i * 8 ? prefix - i * 8 : 0;
        mask[i] = bits >= 8 ? 0xff : (uint8_t)(0xff << (8 - bits));
    }
}

static void copy_interface(char *name, unsigned char *mask, const char *source) {
    size_t length = strnlen(source, IFNAMSIZ - 1);
    memcpy(name, source, length);
    if (length > 0) memset(mask, 0xff, length + 1);
}

static void build_match(const struct vmnet_nat_rule *rule, struct xt_entry_match *match) {
    match->u.match_size = (uint16_t)match_size(rule);
    if (rule->protocol == IPPROTO_UDP) {
        struct xt_udp *udp = (struct xt_udp *)match->data;
        strcpy(match->u.user.name, "udp");
        udp->spts[1] = 0xffff;
        udp->dpts[0] = rule->port_min;
        udp->dpts[1] = rule->port_max;
    } else {
        struct xt_tcp *tcp = (struct xt_tcp *)match->data;
        strcpy(match->u.user.name, "tcp");
        tcp->spts[1] = 0xffff;
        tcp->dpts[0] = rule->port_min;
        tcp->dpts[1] = rule->port_max;
    }
}

static void build_target(const struct vmnet_nat_rule *rule, struct xt_entry_target *target) {
    target->u.target_size = (uint16_t)target_size(rule);
    switch (rule->target) {
    case VMNET_NAT_TARGET_MASQUERADE:
        strcpy(target->u.user.name, "MASQUERADE");
        if (!rule->ipv6) ((struct nf_nat_ipv4_multi_range_compat *)target->data)->rangesize = 1;
        break;
    case VMNET_NAT_TARGET_DNAT: {
        struct nf_nat_range2 *range = (struct nf_nat_range2 *)target->data;
        strcpy(target->u.user.name, "DNAT");
        target->u.user.revision = 2;
        range->flags = NF_NAT_RANGE_MAP_IPS;
        memcpy(&range->min_addr, rule->to_address, rule->ipv6 ? 16 : 4);
        memcpy(&range->max_addr, rule->to_address, rule->ipv6 ? 16 : 4);
        if (rule->to_port != 0) {
            range->flags |= NF_NAT_RANGE_PROTO_SPECIFIED;
            range->min_proto.all = htons(rule->to_port);
            range->max_proto.all = htons(rule->to_port);
        }
        break;
    }
    case VMNET_NAT_TARGET_SNAT:
        strcpy(target->u.user.name, "SNAT");
        if (rule->ipv6) {
            struct nf_nat_range *range = (struct nf_nat_range *)target->data;
            target->u.user.revision = 1;
            range->flags = NF_NAT_RANGE_MAP_IPS;
            memcpy(&range->min_addr, rule->to_address, 16);
            memcpy(&range->max_addr, rule->to_address, 16);
        } else {
            struct nf_nat_ipv4_multi_range_compat *compat = (struct nf_nat_ipv4_multi_range_compat *)target->data;
            compat->rangesize = 1;
            compat->range[0].flags = NF_NAT_RANGE_MAP_IPS;
            memcpy(&compat->range[0].min_ip, rule->to_address, 4);
            memcpy(&compat->range[0].max_ip, rule->to_address, 4);
        }
        break;
    default:
        strncpy(target->u.user.name, rule->target_name, sizeof(target->u.user.name) - 1);
        break;
    }
}

void vmnet_nat_entry_build(const struct vmnet_nat_rule *rule, void *entry) {
    size_t header = header_size(rule);
    size_t matches = match_size(rule);
    memset(entry, 0, vmnet_nat_entry_size(rule));
    if (rule->ipv6) {
        struct ip6t_entry *e = entry;
        memcpy(&e->ipv6.src, rule->source, 16);
        prefix_mask((uint8_t *)&e->ipv6.smsk, 16, rule->source_prefix);
        memcpy(&e->ipv6.dst, rule->destination, 16);
        prefix_mask((uint8_t *)&e->ipv6.dmsk, 16, rule->destination_prefix);
        copy_interface(e->ipv6.iniface, e->ipv6.iniface_mask, rule->in_interface);
        copy_interface(e->ipv6.outiface, e->ipv6.outiface_mask, rule->out_interface);
        e->ipv6.proto = rule->protocol;
        if (rule->protocol != 0) e->ipv6.flags |= IP6T_F_PROTO;
        e->target_offset = (uint16_t)(header + matches);
        e->next_offset = (uint16_t)vmnet_nat_entry_size(rule);
    } else {
        struct ipt_entry *e = entry;
        memcpy(&e->ip.src, rule->source, 4);
        prefix_mask((uint8_t *)&e->ip.smsk, 4, rule->source_prefix);
        memcpy(&e->ip.dst, rule->destination, 4);
        prefix_mask((uint8_t *)&e->ip.dmsk, 4, rule->destination_prefix);
        copy_interface(e->ip.iniface, e->ip.iniface_mask, rule->in_interface);
        copy_interface(e->ip.outiface, e->ip.outiface_mask, rule->out_interface);
        e->ip.proto = rule->protocol;
        e->target_offset = (uint16_t)(header + matches);
        e->next_offset = (uint16_t)vmnet_nat_entry_size(rule);
    }
    if (matches > 0) build_match(rule, (struct xt_entry_match *)((char *)entry + header));
    build_target(rule, (struct xt_entry_target *)((char *)entry + header + matches));
}

/// Returns the prefix length of a contiguous mask, or -1 when the mask has holes.
static int mask_prefix(const uint8_t *mask, unsigned int bytes) {
    int prefix = 0;
    int ended = 0;
    for (unsigned int i = 0; i < bytes; i++) {
        for (int bit = 7; bit >= 0; bit--) {
            int set = (mask[i] >> bit) & 1;
            if (set && ended) return -1;
            if (set) prefix++; else ended = 1;
        }
    }
    return prefix;
}

static int read_interface(char *name, const char *source, const unsigned char *mask) {
    size_t length = strnlen(source, IFNAMSIZ);
    if (length == 0) return 0;
    for (size_t i = 0; i < IFNAMSIZ; i++) {
        if (mask[i] != (i <= length ? 0xff : 0)) return -1;
    }
    memcpy(name, source, length);
    return 0;
}

static int read_match(const struct xt_entry_match *match, struct vmnet_nat_rule *rule) {
    if (match->u.user.revision != 0) return -1;
    if (strcmp(match->u.user.name, "tcp") == 0 && rule->protocol == IPPROTO_TCP) {
        const struct xt_tcp *tcp = (const struct xt_tcp *)match->data;
        if (tcp->spts[0] != 0 || tcp->spts[1] != 0xffff || tcp->option || tcp->flg_mask || tcp->invflags) return -1;
        rule->port_min = tcp->dpts[0];
        rule->port_max = tcp->dpts[1];
        return 0;
    }
    if (strcmp(match->u.user.name, "udp") == 0 && rule->protocol == IPPROTO_UDP) {
        const struct xt_udp *udp = (const struct xt_udp *)match->data;
        if (udp->spts[0] != 0 || udp->spts[1] != 0xffff || udp->invflags) return -1;
        rule->port_min = udp->dpts[0];
        rule->port_max = udp->dpts[1];
        return 0;
    }
    return -1;
}

static int read_target(const struct xt_entry_target *target, struct vmnet_nat_rule *rule) {
    const char *name = target->u.user.name;
    if (name[0] == '\0' || strcmp(name, XT_STANDARD_TARGET) == 0) {
        rule->target = VMNET_NAT_TARGET_STANDARD;
        return 0;
    }
    if (strcmp(name, "MASQUERADE") == 0) {
        rule->target = VMNET_NAT_TARGET_MASQUERADE;
        return 0;
    }
    if (strcmp(name, "DNAT") == 0 && target->u.user.revision == 2) {
        const struct nf_nat_range2 *range = (const struct nf_nat_range2 *)target->data;
        size_t length = rule->ipv6 ? 16 : 4;
        if (range->flags & ~(unsigned int)(NF_NAT_RANGE_MAP_IPS | NF_NAT_RANGE_PROTO_SPECIFIED)) return -1;
        if (!(range->flags & NF_NAT_RANGE_MAP_IPS)) return -1;
        if (memcmp(&range->min_addr, &range->max_addr, length) != 0) return -1;
        rule->target = VMNET_NAT_TARGET_DNAT;
        memcpy(rule->to_address, &range->min_addr, length);
        if (range->flags & NF_NAT_RANGE_PROTO_SPECIFIED) {
            if (range->min_proto.all != range->max_proto.all) return -1;
            rule->to_port = ntohs(range->min_proto.all);
        }
        return 0;
    }
    if (strcmp(name, "SNAT") == 0 && rule->ipv6 && target->u.user.revision == 1) {
        const struct nf_nat_range *range = (const struct nf_nat_range *)target->data;
        if (range->flags != NF_NAT_RANGE_MAP_IPS || memcmp(&range->min_addr, &range->max_addr, 16) != 0) return -1;
        rule->target = VMNET_NAT_TARGET_SNAT;
        memcpy(rule->to_address, &range->min_addr, 16);
        return 0;
    }
    if (strcmp(name, "SNAT") == 0 && !rule->ipv6 && target->u.user.revision == 0) {
        const struct nf_nat_ipv4_multi_range_compat *compat = (const struct nf_nat_ipv4_multi_range_compat *)target->data;
        if (compat->rangesize != 1 || compat->range[0].flags != NF_NAT_RANGE_MAP_IPS) return -1;
        if (compat->range[0].min_ip != compat->range[0].max_ip) return -1;
        rule->target = VMNET_NAT_TARGET_SNAT;
        memcpy(rule->to_address, &compat->range[0].min_ip, 4);
        return 0;
    }
    return -1;
}

int vmnet_nat_entry_read(const void *entry, int ipv6, struct vmnet_nat_rule *rule) {
    const char *base = entry;
    size_t header;
    uint16_t target_offset;
    memset(rule, 0, sizeof(*rule));
    rule->ipv6 = ipv6 ? 1 : 0;
    if (ipv6) {
        const struct ip6t_entry *e = entry;
        int source = mask_prefix((const uint8_t *)&e->ipv6.smsk, 16);
        int destination = mask_prefix((const uint8_t *)&e->ipv6.dmsk, 16);
        if (source < 0 || destination < 0 || e->ipv6.invflags || (e->ipv6.flags & ~IP6T_F_PROTO)) return -1;
        if (e->ipv6.proto > 255) return -1;
        memcpy(rule->source, &e->ipv6.src, 16);
        memcpy(rule->destination, &e->ipv6.dst, 16);
        rule->source_prefix = (uint8_t)source;
        rule->destination_prefix = (uint8_t)destination;
        if (read_interface(rule->in_interface, e->ipv6.iniface, e->ipv6.iniface_mask) < 0) return -1;
        if (read_interface(rule->out_interface, e->ipv6.outiface, e->ipv6.outiface_mask) < 0) return -1;
        rule->protocol = (uint8_t)e->ipv6.proto;
        header = sizeof(*e);
        target_offset = e->target_offset;
    } else {
        const struct ipt_entry *e = entry;
        int source = mask_prefix((const uint8_t *)&e->ip.smsk, 4);
        int destination = mask_prefix((const uint8_t *)&e->ip.dmsk, 4);
        if (source < 0 || destination < 0 || e->ip.invflags || e->ip.flags) return -1;
        memcpy(rule->source, &e->ip.src, 4);
        memcpy(rule->destination, &e->ip.dst, 4);
        rule->source_prefix = (uint8_t)source;
        rule->destination_prefix = (uint8_t)destination;
        if (read_interface(rule->in_interface, e->ip.iniface, e->ip.iniface_mask) < 0) return -1;
        if (read_interface(rule->out_interface, e->ip.outiface, e->ip.outiface_mask) < 0) return -1;
        rule->protocol = e->ip.proto;
        header = sizeof(*e);
        target_offset = e->target_offset;
    }
    if (target_offset > header) {
        const struct xt_entry_match *match = (const struct xt_entry_match *)(base + header);
        if (header + match->u.match_size != target_offset) return -1;
        if (read_match(match, rule) < 0) return -1;
    }
    return read_target((const struct xt_entry_target *)(base + target_offset), rule);
}

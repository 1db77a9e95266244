/* dhcp-flood: sends DHCPDISCOVERs from random MAC addresses, as a guest that cycles through 100,000 identities would.
 *
 *   dhcp-flood INTERFACE COUNT [PER_MS [SEED]]
 *
 * Each frame is an Ethernet broadcast from a random locally administered unicast MAC, carrying an IPv4/UDP
 * 0.0.0.0:68 -> 255.255.255.255:67 BOOTREQUEST whose chaddr is that MAC, a random xid, option 53 = DISCOVER and a
 * parameter request list. At most PER_MS frames leave per millisecond (default 50), so the frames reach the server
 * rather than the floor of a full backlog. Run it inside the namespace of INTERFACE (ip netns exec); needs
 * CAP_NET_RAW. Prints the frames sent. Build: cc -O2 -o dhcp-flood dhcp-flood.c
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static uint64_t state;

static uint32_t next_random(void) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return (uint32_t)(state >> 16);
}

static uint16_t checksum(const uint8_t *bytes, size_t count) {
    uint32_t sum = 0;
    for (size_t i = 0; i + 1 < count; i += 2) sum += (uint32_t)(bytes[i] << 8 | bytes[i + 1]);
    if (count & 1) sum += (uint32_t)(bytes[count - 1] << 8);
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

/* Writes one DISCOVER frame from `mac` into `frame`; returns its length. */
static size_t discover(uint8_t *frame, const uint8_t mac[6], uint32_t xid) {
    memset(frame, 0, 14 + 20 + 8 + 300);
    uint8_t *ethernet = frame, *ip = frame + 14, *udp = ip + 20, *bootp = udp + 8;
    memset(ethernet, 0xff, 6);
    memcpy(ethernet + 6, mac, 6);
    ethernet[12] = 0x08;
    ethernet[13] = 0x00;

    bootp[0] = 1; /* BOOTREQUEST */
    bootp[1] = 1; /* Ethernet */
    bootp[2] = 6;
    memcpy(bootp + 4, &xid, 4);
    bootp[10] = 0x80; /* broadcast flag */
    memcpy(bootp + 28, mac, 6);
    uint8_t *option = bootp + 236;
    const uint8_t cookie[4] = {99, 130, 83, 99};
    memcpy(option, cookie, 4);
    option += 4;
    const uint8_t options[] = {53, 1, 1, 55, 4, 1, 3, 6, 15, 255};
    memcpy(option, options, sizeof options);
    size_t bootp_length = 300;

    size_t udp_length = 8 + bootp_length;
    udp[0] = 0, udp[1] = 68, udp[2] = 0, udp[3] = 67;
    udp[4] = (uint8_t)(udp_length >> 8), udp[5] = (uint8_t)udp_length; /* checksum 0: none, as IPv4 allows */

    size_t ip_length = 20 + udp_length;
    ip[0] = 0x45;
    ip[2] = (uint8_t)(ip_length >> 8), ip[3] = (uint8_t)ip_length;
    ip[8] = 64;
    ip[9] = 17;
    memset(ip + 16, 0xff, 4); /* from 0.0.0.0 to 255.255.255.255 */
    uint16_t sum = checksum(ip, 20);
    ip[10] = (uint8_t)(sum >> 8), ip[11] = (uint8_t)sum;
    return 14 + ip_length;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: dhcp-flood INTERFACE COUNT [PER_MS [SEED]]\n");
        return 2;
    }
    const char *interface = argv[1];
    long count = strtol(argv[2], NULL, 10);
    long per_ms = argc > 3 ? strtol(argv[3], NULL, 10) : 50;
    state = argc > 4 ? strtoull(argv[4], NULL, 10) : (uint64_t)time(NULL) * 2654435761u;
    if (state == 0) state = 1;
    unsigned index = if_nametoindex(interface);
    if (index == 0) {
        fprintf(stderr, "dhcp-flood: no interface %s: %s\n", interface, strerror(errno));
        return 1;
    }
    int fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_IP));
    if (fd < 0) {
        fprintf(stderr, "dhcp-flood: socket: %s\n", strerror(errno));
        return 1;
    }
    struct sockaddr_ll to = {.sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_IP), .sll_ifindex = (int)index, .sll_halen = 6};
    memset(to.sll_addr, 0xff, 6);
    uint8_t frame[14 + 20 + 8 + 300];
    long sent = 0;
    for (long i = 0; i < count; i++) {
        uint8_t mac[6];
        uint32_t high = next_random(), low = next_random();
        memcpy(mac, &high, 4);
        memcpy(mac + 4, &low, 2);
        mac[0] = (uint8_t)((mac[0] & 0xfc) | 0x02); /* locally administered, unicast */
        size_t length = discover(frame, mac, next_random());
        if (sendto(fd, frame, length, 0, (struct sockaddr *)&to, sizeof to) == (ssize_t)length) sent++;
        if (per_ms > 0 && (i + 1) % per_ms == 0) {
            struct timespec pause = {0, 1000000};
            nanosleep(&pause, NULL);
        }
    }
    close(fd);
    printf("%ld\n", sent);
    return 0;
}

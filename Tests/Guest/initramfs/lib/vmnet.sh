# Shell functions shared by /init and the scenarios of the vmnet test guest.
#
# Everything the host asserts on is one line on the serial console starting with a
# VMNET tag, written with a single write so kernel messages cannot split it:
#   VMNET-BOOT   once, when /init starts
#   VMNET-NICS   once, when the drivers are loaded: how many NICs, their names
#   VMNET        one per NIC: key=value pairs, values never contain spaces (lists use commas)
#   VMNET-DHCP   every variable udhcpc handed to its script, one per line: nic=… NAME=raw value
#   VMNET-ROUTE  the kernel's routes on a NIC after configuration
#   VMNET-FETCH  the result of one outbound request (fetch.sh, ipv6-static.sh)
#   VMNET-READY  listeners are up (serve-http.sh)
#   VMNET-RECV   what a listener received
#   VMNET-WARN / VMNET-ERROR  something the scenario could not do
#   VMNET-DONE   last line before power-off

VMNET_STATE=/run/vmnet

# The requested DHCP options beyond busybox's defaults: MTU (26), classless static
# routes (121), domain search (119), TFTP server (66) and boot file (67).
VMNET_DHCP_OPTIONS="-O subnet -O router -O dns -O domain -O hostname -O broadcast -O lease -O serverid
 -O mtu -O staticroutes -O search -O tftp -O bootfile -O ntpsrv"

vmnet_say() {
    printf '%s\n' "$*" > /dev/console
}

vmnet_uptime() {
    cut -d' ' -f1 /proc/uptime
}

# Stores every vmnet.KEY=VALUE of the kernel command line as $VMNET_STATE/args/KEY.
vmnet_parse_cmdline() {
    for word in $(cat /proc/cmdline); do
        case "$word" in
            vmnet.*=*)
                key=${word%%=*}
                key=${key#vmnet.}
                case "$key" in
                    '' | *[!a-z0-9_-]*) vmnet_say "VMNET-WARN reason=bad-argument name=$key" ;;
                    *) printf '%s' "${word#*=}" > "$VMNET_STATE/args/$key" ;;
                esac
                ;;
        esac
    done
}

# vmnet_arg NAME DEFAULT: the value of vmnet.NAME= on the command line, else DEFAULT.
vmnet_arg() {
    if [ -f "$VMNET_STATE/args/$1" ]; then
        cat "$VMNET_STATE/args/$1"
    else
        printf '%s' "$2"
    fi
}

# Loads the drivers in the order build-initramfs.sh resolved (dependencies first).
vmnet_load_modules() {
    while read -r module; do
        insmod "/lib/modules/$module" 2> /tmp/insmod.err ||
            vmnet_say "VMNET-WARN reason=insmod-failed module=$module error=$(tr ' \n' '_ ' < /tmp/insmod.err)"
    done < /lib/modules/order
}

# The guest's NICs (links backed by a device), in name order.
vmnet_nics() {
    for dir in /sys/class/net/*; do
        [ -e "$dir/device" ] && printf '%s\n' "${dir##*/}"
    done
}

# vmnet_wait_nics COUNT: waits up to 10 s for COUNT NICs to appear.
vmnet_wait_nics() {
    tries=0
    while [ "$(vmnet_nics | wc -l)" -lt "$1" ] && [ "$tries" -lt 100 ]; do
        sleep 0.1
        tries=$((tries + 1))
    done
    [ "$(vmnet_nics | wc -l)" -ge "$1" ] || vmnet_say "VMNET-WARN reason=missing-nics expected=$1 found=$(vmnet_nics | wc -l)"
}

vmnet_links_up() {
    for nic in $(vmnet_nics); do
        ip link set "$nic" up
    done
}

# vmnet_dhcp NIC: one udhcpc exchange with a clean environment, so the event script
# sees only what udhcpc sets. Tries and interval come from vmnet.dhcp_tries/_interval.
vmnet_dhcp() {
    ip link set "$1" up
    started=$(vmnet_uptime)
    # A DISCOVER sent before the carrier is lost and costs a whole -T interval; e1000 brings
    # its link up only from its 2 s watchdog.
    tries=0
    while [ "$(cat "/sys/class/net/$1/carrier" 2> /dev/null)" != 1 ] && [ "$tries" -lt 50 ]; do
        sleep 0.1
        tries=$((tries + 1))
    done
    # shellcheck disable=SC2086 # the option list is meant to split into words
    if env -i PATH=/bin:/sbin udhcpc -i "$1" -s /etc/udhcpc.script -n -q \
        -t "$(vmnet_arg dhcp_tries 10)" -T "$(vmnet_arg dhcp_interval 1)" $VMNET_DHCP_OPTIONS \
        > "$VMNET_STATE/dhcp/$1.log" 2>&1; then
        echo ok > "$VMNET_STATE/dhcp/$1.status"
    else
        echo failed > "$VMNET_STATE/dhcp/$1.status"
    fi
    awk -v a="$started" -v b="$(vmnet_uptime)" 'BEGIN { printf "%.2f", b - a }' > "$VMNET_STATE/dhcp/$1.time"
}

# Runs DHCP on every NIC at once, so a NIC without a server costs its timeout only once.
vmnet_dhcp_all() {
    for nic in $(vmnet_nics); do
        vmnet_dhcp "$nic" &
    done
    wait
}

# vmnet_static6 NIC ADDRESS/LEN GATEWAY: static IPv6 (no SLAAC, no DHCPv6). Duplicate
# address detection costs about 1.5 s under TCG, so it runs only with vmnet.dad=1.
vmnet_static6() {
    # busybox ip has no "nodad": accept_dad=0 switches DAD off for the NIC instead.
    [ "$(vmnet_arg dad 0)" = 1 ] || echo 0 > "/proc/sys/net/ipv6/conf/$1/accept_dad"
    ip link set "$1" up
    ip -6 addr add "$2" dev "$1" || vmnet_say "VMNET-ERROR reason=ip6-addr nic=$1 address=$2"
    tries=0
    while ip -6 addr show dev "$1" | grep 'scope global' | grep -q tentative && [ "$tries" -lt 50 ]; do
        sleep 0.1
        tries=$((tries + 1))
    done
    if ip -6 addr show dev "$1" | grep -q dadfailed; then
        vmnet_say "VMNET-ERROR reason=ip6-dad-failed nic=$1 address=$2"
    fi
    [ -z "$3" ] || ip -6 route add default via "$3" dev "$1" ||
        vmnet_say "VMNET-ERROR reason=ip6-route nic=$1 gateway=$3"
}

# vmnet_lease NIC NAME: the raw value of one variable udhcpc passed for NIC.
vmnet_lease() {
    [ -f "$VMNET_STATE/dhcp/$1.env" ] && sed -n "s/^$2=//p" "$VMNET_STATE/dhcp/$1.env" | head -n 1
}

# Joins words with commas, so a value never contains a space.
vmnet_list() {
    printf '%s' "$*" | tr -s ' \n' ',,' | sed 's/^,//; s/,$//'
}

# Classless static routes "dst gw dst gw" as "dst>gw,dst>gw".
vmnet_route_pairs() {
    # shellcheck disable=SC2086 # "dst gw dst gw …" splits into pairs
    set -- $1
    out=
    while [ $# -ge 2 ]; do
        out="$out${out:+,}$1>$2"
        shift 2
    done
    printf '%s' "$out"
}

vmnet_pci_address() {
    readlink -f "/sys/class/net/$1/device" | tr '/' '\n' |
        grep -E '^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-9a-f]$' | tail -n 1
}

# vmnet_report NIC: the VMNET line, then VMNET-DHCP and VMNET-ROUTE lines.
vmnet_report() {
    nic=$1
    sys=/sys/class/net/$nic
    driver=$(readlink "$sys/device/driver")
    status=$(cat "$VMNET_STATE/dhcp/$nic.status" 2> /dev/null || echo none)
    vmnet_say "VMNET nic=$nic mac=$(cat "$sys/address") driver=${driver##*/} pci=$(vmnet_pci_address "$nic")" \
        "queues=$(ls -d "$sys"/queues/rx-* 2> /dev/null | wc -l)" \
        "txqueues=$(ls -d "$sys"/queues/tx-* 2> /dev/null | wc -l)" \
        "linkmtu=$(cat "$sys/mtu") operstate=$(cat "$sys/operstate") dhcp=$status" \
        "dhcptime=$(cat "$VMNET_STATE/dhcp/$nic.time" 2> /dev/null)" \
        "ip=$(vmnet_list "$(ip -4 -o addr show dev "$nic" | awk '{ print $4 }')")" \
        "ip6=$(vmnet_list "$(ip -6 -o addr show dev "$nic" scope global | awk '{ print $4 }')")" \
        "router=$(vmnet_list "$(vmnet_lease "$nic" router)")" \
        "dns=$(vmnet_list "$(vmnet_lease "$nic" dns)")" \
        "mtu=$(vmnet_lease "$nic" mtu)" \
        "routes=$(vmnet_route_pairs "$(vmnet_lease "$nic" staticroutes)")" \
        "domain=$(vmnet_lease "$nic" domain)" \
        "search=$(vmnet_list "$(vmnet_lease "$nic" search)")" \
        "hostname=$(vmnet_lease "$nic" hostname)" \
        "bootfile=$(vmnet_lease "$nic" bootfile)" \
        "tftp=$(vmnet_lease "$nic" tftp)" \
        "file=$(vmnet_lease "$nic" boot_file)" \
        "siaddr=$(vmnet_lease "$nic" siaddr)" \
        "subnet=$(vmnet_lease "$nic" subnet)" \
        "serverid=$(vmnet_lease "$nic" serverid)" \
        "lease=$(vmnet_lease "$nic" lease)"
    if [ -f "$VMNET_STATE/dhcp/$nic.env" ]; then
        while IFS= read -r line; do
            vmnet_say "VMNET-DHCP nic=$nic $line"
        done < "$VMNET_STATE/dhcp/$nic.env"
    fi
    { ip -4 route show dev "$nic"; ip -6 route show dev "$nic" | grep -v -e '^fe80:' -e '^multicast'; } |
        while IFS= read -r line; do
            vmnet_say "VMNET-ROUTE nic=$nic $line"
        done
    if [ -f "$VMNET_STATE/dhcp/$nic.route-errors" ]; then
        while IFS= read -r line; do
            vmnet_say "VMNET-WARN reason=route-not-added nic=$nic route=$(vmnet_list "$line")"
        done < "$VMNET_STATE/dhcp/$nic.route-errors"
    fi
}

vmnet_report_all() {
    for nic in $(vmnet_nics); do
        vmnet_report "$nic"
    done
}

# vmnet_fetch TARGET: one request; TARGET is http://HOST[:PORT]/PATH (wget) or
# HOST:PORT / [IPV6]:PORT (nc: sends a line, reads the answer). Retries vmnet.fetch_tries times.
vmnet_fetch() {
    target=$1
    tries=$(vmnet_arg fetch_tries 3)
    attempt=0
    while :; do
        attempt=$((attempt + 1))
        case "$target" in
            # Not wget -T: Debian's static busybox 1.35 wget segfaults with it.
            http://*) timeout 10 wget -q -O /tmp/fetch.body "$target" 2> /tmp/fetch.err ;;
            \[*\]:*)
                host=${target#\[}
                echo "hello from $(vmnet_arg name guest)" | nc -w 5 "${host%%\]*}" "${target##*:}" > /tmp/fetch.body 2> /tmp/fetch.err
                ;;
            *:*) echo "hello from $(vmnet_arg name guest)" | nc -w 5 "${target%:*}" "${target##*:}" > /tmp/fetch.body 2> /tmp/fetch.err ;;
            *) echo "unsupported target" > /tmp/fetch.err && false ;;
        esac
        code=$?
        [ "$code" -eq 0 ] && [ -s /tmp/fetch.body ] && break
        [ "$attempt" -ge "$tries" ] && break
        sleep 1
    done
    if [ "$code" -eq 0 ] && [ -s /tmp/fetch.body ]; then
        vmnet_say "VMNET-FETCH target=$target status=ok attempts=$attempt body=$(head -c 200 /tmp/fetch.body | tr '\n\r' '  ' | sed 's/ *$//')"
    else
        vmnet_say "VMNET-FETCH target=$target status=failed attempts=$attempt exit=$code error=$(head -c 200 /tmp/fetch.err | tr '\n\r' '  ' | sed 's/ *$//')"
    fi
}

# Fetches every comma-separated target of vmnet.target=.
vmnet_fetch_targets() {
    for target in $(vmnet_arg target "" | tr ',' ' '); do
        vmnet_fetch "$target"
    done
}

vmnet_done() {
    vmnet_say "VMNET-DONE uptime=$(vmnet_uptime)"
    poweroff -f
}

# No DHCP: a static IPv6 address and default route on eth0 (vmnet.ip6=, vmnet.gw6=; the
# defaults are KubeVirt masquerade's guest and gateway), report, then fetch vmnet.target=.
vmnet_static6 "$(vmnet_arg nic eth0)" "$(vmnet_arg ip6 fd10:0:2::2/120)" "$(vmnet_arg gw6 fd10:0:2::1)"
vmnet_report_all
vmnet_fetch_targets

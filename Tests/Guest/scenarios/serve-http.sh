# DHCP on every NIC (or, with vmnet.ip6=, also a static IPv6 address on eth0), report, fetch
# every vmnet.target= (if any), then serve until told to stop or vmnet.serve_seconds (default
# 120) pass:
#   httpd on vmnet.http_port (default 80): / answers the token (vmnet.token=),
#     /cgi-bin/peer answers "TOKEN PEER-ADDRESS", /cgi-bin/stop ends the scenario;
#   nc on every TCP port of vmnet.ports= (comma-separated): answers the token to each
#     connection and reports the first line it received; a line "STOP" ends the scenario.
# Prints VMNET-READY once everything listens, VMNET-RECV per request.
vmnet_dhcp_all
if [ -n "$(vmnet_arg ip6 "")" ]; then
    vmnet_static6 "$(vmnet_arg nic eth0)" "$(vmnet_arg ip6 "")" "$(vmnet_arg gw6 "")"
fi
vmnet_report_all
vmnet_fetch_targets
token=$(vmnet_arg token vmnet-guest)
printf '%s\n' "$token" > /www/index.html
printf '%s' "$token" > "$VMNET_STATE/token"
http_port=$(vmnet_arg http_port 80)
httpd -p "$http_port" -h /www
for port in $(vmnet_arg ports "" | tr ',' ' '); do
    nc -ll -p "$port" -e /lib/vmnet-responder "$port" &
done
vmnet_say "VMNET-READY http=$http_port tcp=$(vmnet_arg ports "") token=$token uptime=$(vmnet_uptime)"
deadline=$(($(cut -d. -f1 /proc/uptime) + $(vmnet_arg serve_seconds 120)))
while [ ! -e "$VMNET_STATE/stop" ] && [ "$(cut -d. -f1 /proc/uptime)" -lt "$deadline" ]; do
    sleep 0.2
done
[ -e "$VMNET_STATE/stop" ] || vmnet_say "VMNET-WARN reason=serve-timeout"

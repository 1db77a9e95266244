# DHCP on every NIC, report, then one request per target of vmnet.target= (comma-separated:
# http://HOST[:PORT]/PATH, HOST:PORT or [IPV6]:PORT), each reported as a VMNET-FETCH line.
vmnet_dhcp_all
vmnet_report_all
vmnet_fetch_targets

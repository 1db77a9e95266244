# DHCP on every NIC, then one report per NIC.
vmnet_dhcp_all
vmnet_report_all

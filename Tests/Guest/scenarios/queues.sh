# No DHCP: brings every NIC up and reports it; the VMNET line's queues= is the number of
# receive queues the driver opened (/sys/class/net/NIC/queues/rx-*).
vmnet_links_up
vmnet_report_all

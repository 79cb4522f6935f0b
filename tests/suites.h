/* tests/suites.h - the list of CUnit suites, one per module (X-macro).
 * Each tests/test_<name>.c defines `int test_<name>_register(void)`,
 * which adds its suite and returns 0 (or -1 on a CUnit error).
 * test_main.c runs them all. */
SUITE(cursor)
SUITE(ethernet)
SUITE(vlan)
SUITE(sll)
SUITE(loopback)
SUITE(ppp)
SUITE(ipv4)
SUITE(ipv6)
SUITE(tcp)
SUITE(udp)
SUITE(icmp)
SUITE(stats)
SUITE(capture)
SUITE(corpus)
SUITE(golden)
SUITE(flow)
SUITE(portdb)
SUITE(flowlog)
SUITE(scan)

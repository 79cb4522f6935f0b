/* analyzer/output/sink_list.h - every output, one line each (X-macro; see
 * sink.h for what an output is and how to add one). The order is the
 * order of --help, of opening, and of delivery. */
SINK(report)
SINK(flows)
SINK(alerts)
SINK(html)
SINK(stats)
SINK(ipfix)
SINK(ipfix_file)
SINK(metrics)
SINK(metrics_file)

-- What beacon.lua and loadtest.lua share, loaded by both with dofile: the
-- threads, numbered (tid), and wrk_json(), the line "WRK_JSON {...}" that
-- harness.Wrk parses: wrk's own figures, then EXTRA, the script's members.

threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

function wrk_json(summary, latency, extra)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"duration_us": %d, "requests": %d, "bytes": %d, '
      .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, '
      .. '"latency_us": {"mean": %.1f, "stdev": %.1f, "max": %d, '
      .. '"p50": %d, "p90": %d, "p95": %d, "p99": %d}, %s}\n',
    summary.duration, summary.requests, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency.stdev, latency.max,
    latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), extra))
end

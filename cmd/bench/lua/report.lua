-- Appended to every script: prints the run's figures as one JSON line
-- for the bench driver. wrk gives latencies in microseconds.
function done(summary, latency, requests)
  local e = summary.errors
  -- strict.lua, when prepended, counts the other non-200 answers.
  local extra = 0
  if unexpected_total then extra = unexpected_total() end
  io.write(string.format(
    '\nBENCH {"requests":%d,"duration_us":%d,"socket_errors":%d,"bad_status":%d,"p50":%d,"p95":%d,"p99":%d}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, math.max(e.status, extra),
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end

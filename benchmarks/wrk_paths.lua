-- wrk script of the reader benchmark: cycle through the paths of the file $WRK_PATHS (one a
-- line), stop after $WRK_LIMIT responses if it is set, and print the figures as one JSON line.
local paths = {}
local sent = 0
local received = 0
local limit = tonumber(os.getenv("WRK_LIMIT") or "0")

init = function(args)
  for line in io.lines(os.getenv("WRK_PATHS")) do
    paths[#paths + 1] = line
  end
end

request = function()
  sent = sent + 1
  return wrk.format("GET", paths[(sent - 1) % #paths + 1])
end

response = function(status, headers, body)
  received = received + 1
  if limit > 0 and received >= limit then
    wrk.thread:stop()
  end
end

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "status_errors": %d, "socket_errors": %d, '
    .. '"p50_us": %d, "p95_us": %d, "p99_us": %d, "mean_us": %.1f}\n',
    summary.requests, summary.duration, errors.status,
    errors.connect + errors.read + errors.write + errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.mean))
end

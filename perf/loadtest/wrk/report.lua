-- wrk script of the load test (perf/loadtest/wrk.py builds the command).
--
--   wrk -t2 -c16 -d10s -s report.lua http://127.0.0.1:PORT/path -- COOKIE PATHS
--
-- COOKIE: the Cookie header to send ("-" for none, a visitor).
-- PATHS: a file of request paths, one a line, that each thread cycles
--        through from its own offset ("-" to request the URL's path only).
-- done() prints one line, "LOADTEST_JSON {...}", that the runner parses.

local paths = {}
local counter = 0
local threads = 0

function setup(thread)
  thread:set("offset", threads * 7919)
  threads = threads + 1
end

function init(args)
  local cookie = args[1]
  if cookie ~= nil and cookie ~= "" and cookie ~= "-" then
    wrk.headers["Cookie"] = cookie
  end
  local file = args[2]
  if file ~= nil and file ~= "" and file ~= "-" then
    for line in io.lines(file) do
      if line ~= "" then
        paths[#paths + 1] = line
      end
    end
  end
  counter = offset or 0
end

function request()
  if #paths == 0 then
    return wrk.request()
  end
  counter = counter + 1
  return wrk.format(nil, paths[(counter % #paths) + 1])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'LOADTEST_JSON {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, ' ..
    '"timeout": %d}}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end

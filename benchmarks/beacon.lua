-- wrk script of benchmarks/beacon.py: POSTs where every request is a new
-- visitor (its own X-Forwarded-For address, a Chrome-on-Linux user agent).
--
--   wrk -t1 -c16 -d15s --latency -s benchmarks/beacon.lua URL -- RUN_ID
--
-- RUN_ID (a small integer) keeps the addresses of different runs apart.
-- Addresses come from 2001:db8::/32, the IPv6 documentation prefix; they only
-- ever appear inside the header, as one reverse proxy in front of the site
-- (gunicorn's peer, 127.0.0.1) would write it: CLIENT_IP_PROXY_COUNT = 1.
-- done() prints the line "WRK_JSON {...}" (wrk_common.lua).

local USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 "
  .. "(KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"

dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "wrk_common.lua")

function init(args)
  run = tonumber(args[1]) or 1
  sent = 0          -- requests generated (= written, barring socket errors)
  received = 0      -- responses read
  counted = 0       -- 200 with "counted": true
  not_counted = 0   -- 200 with "counted": false
  ok_other = 0      -- other 2xx (the bare view's 204)
  non2xx = 0
  headers = {
    ["User-Agent"] = USER_AGENT,
    ["Accept"] = "*/*",
    ["Origin"] = "http://" .. wrk.host,
  }
end

function request()
  sent = sent + 1
  headers["X-Forwarded-For"] = string.format(
    "2001:db8:%x:%x::%x:%x", run, tid, math.floor(sent / 65536), sent % 65536)
  return wrk.format("POST", nil, headers, "")
end

function response(status, _, body)
  received = received + 1
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  elseif status == 200 and body and string.find(body, '"counted": true', 1, true) then
    counted = counted + 1
  elseif status == 200 and body and string.find(body, '"counted": false', 1, true) then
    not_counted = not_counted + 1
  else
    ok_other = ok_other + 1
  end
end

function done(summary, latency, requests)
  local t = {sent = 0, received = 0, counted = 0, not_counted = 0, ok_other = 0, non2xx = 0}
  for _, thread in ipairs(threads) do
    for key, _ in pairs(t) do
      t[key] = t[key] + (thread:get(key) or 0)
    end
  end
  wrk_json(summary, latency, string.format(
    '"sent": %d, "received": %d, "counted": %d, "not_counted": %d, "ok_other": %d, "non2xx": %d',
    t.sent, t.received, t.counted, t.not_counted, t.ok_other, t.non2xx))
end

-- wrk script of benchmarks/loadtest.py: readers opening articles and sending
-- the view-count beacon.
--
--   wrk -t16 -c16 -d60s --latency -s benchmarks/loadtest.lua URL -- RUN INSTANCE CONFIG TIMINGS
--
-- Run it with as many threads as connections: each thread then holds one
-- connection, which sends one request and reads its response before the next,
-- so every response belongs to the thread's last request and the tallies can
-- be kept per request kind and per article.
--
-- Each thread is a stream of readers. A reader opens an article page
-- (GET) and then sends its beacon (POST), both with the reader's own
-- X-Forwarded-For address and user agent. Readers are:
--   new      a new visitor, a browser user agent: the beacon must count;
--   repeat   a visitor of this thread whose beacon counted earlier, on the
--            same article again: the beacon must not count;
--   crawler  a new address with a crawler's user agent (or none): the
--            beacon must not count.
-- Half the readers open the hot article (the first in CONFIG); the others
-- spread over the rest, the earlier ones more often.
--
-- CONFIG is a file written by loadtest.py, one item a line:
--   article <page id> <page path> <beacon path>
--   browser <user agent>     crawler <user agent>     crawler (no user agent)
--   share <hot|repeat|crawler> <fraction>
-- RUN and INSTANCE (small integers) keep the addresses of runs and wrk
-- processes apart. Addresses come from 2001:db8::/32, the IPv6 documentation
-- prefix; they only ever appear inside the header, as one reverse proxy in
-- front of the site (gunicorn's peer, 127.0.0.1) would write it:
-- CLIENT_IP_PROXY_COUNT = 1.
-- done() prints one line "WRK_JSON {...}" that loadtest.py parses, and
-- writes the latency of every answered request, "<kind> <microseconds>" a
-- line, to the file TIMINGS.

local has_ffi, ffi = pcall(require, "ffi")
local timespec
if has_ffi then
  pcall(ffi.cdef, [[
    typedef struct { long tv_sec; long tv_nsec; } wn_timespec;
    int clock_gettime(int clock_id, wn_timespec *tp);
  ]])
  timespec = ffi.new("wn_timespec")
end

local function now_us()
  if not timespec then return 0 end
  ffi.C.clock_gettime(1, timespec) -- CLOCK_MONOTONIC
  return tonumber(timespec.tv_sec) * 1000000 + tonumber(timespec.tv_nsec) / 1000
end

local KINDS = {"page", "new", "repeat", "crawler"}
local COUNTS = {"sent", "received", "ok", "non2xx", "counted", "not_counted", "unexpected",
                "set_cookie", "unanswered"}
local RING = 64 -- counted visitors a thread remembers for repeat visits

dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "wrk_common.lua")

local function read_config(path)
  local config = {articles = {}, browsers = {}, crawlers = {}, share = {}}
  for line in io.lines(path) do
    local item, rest = line:match("^(%S+)%s?(.*)$")
    if item == "article" then
      local id, page, beacon = rest:match("^(%d+) (%S+) (%S+)$")
      table.insert(config.articles, {id = tonumber(id), page = page, beacon = beacon})
    elseif item == "browser" then
      table.insert(config.browsers, rest)
    elseif item == "crawler" then
      table.insert(config.crawlers, rest)
    elseif item == "share" then
      local name, value = rest:match("^(%S+) (%S+)$")
      config.share[name] = tonumber(value)
    end
  end
  return config
end

function init(args)
  run = tonumber(args[1]) or 1
  instance = tonumber(args[2]) or 1
  config = read_config(args[3])
  timings_path = args[4] -- read by done(), in wrk's main Lua state
  math.randomseed(run * 100003 + instance * 1009 + tid)
  seq = 0
  step = "page"
  reader = nil
  pending = nil   -- the request written last, until its response is read
  pending_kind, pending_id = nil, nil  -- the same, for done()
  ring = {}
  -- Flat tables only: wrk copies them to done()'s Lua state, nested ones not.
  stats = {}      -- "<kind>.<count>" -> n
  for _, kind in ipairs(KINDS) do
    for _, count in ipairs(COUNTS) do stats[kind .. "." .. count] = 0 end
  end
  latencies = {}  -- kind -> the thread's "lat_<kind>" array (microseconds)
  for _, kind in ipairs(KINDS) do
    latencies[kind] = {}
    _G["lat_" .. kind] = latencies[kind]
  end
  counted_by_page = {}     -- page id (string) -> {"counted": true} responses
  unanswered_by_page = {}  -- page id (string) -> new readers' beacons never answered
  origin = "http://" .. wrk.host
end

local function pick_article()
  local articles = config.articles
  if #articles == 1 or math.random() < config.share.hot then
    return 1
  end
  local u = math.random()
  return 2 + math.floor((#articles - 1) * u * u) -- the long tail, front-loaded
end

local function next_reader()
  local roll = math.random()
  if roll < config.share.crawler then
    seq = seq + 1
    local agents = config.crawlers
    return {kind = "crawler", article = pick_article(), seq = seq, family = 2,
            agent = agents[math.random(#agents)]}
  end
  if roll < config.share.crawler + config.share["repeat"] and #ring > 0 then
    local earlier = ring[math.random(#ring)]
    return {kind = "repeat", article = earlier.article, seq = earlier.seq, family = 1,
            agent = earlier.agent}
  end
  seq = seq + 1
  local agents = config.browsers
  return {kind = "new", article = pick_article(), seq = seq, family = 1,
          agent = agents[math.random(#agents)]}
end

local function address(r)
  return string.format("2001:db8:%x:%x:%x:%x:%x:%x", run, instance, tid, r.family,
    math.floor(r.seq / 65536), r.seq % 65536)
end

local function headers_for(r, accept)
  local headers = {
    ["Accept"] = accept,
    ["X-Forwarded-For"] = address(r),
  }
  if r.agent ~= "" then headers["User-Agent"] = r.agent end
  return headers
end

local function tally(kind, count)
  local key = kind .. "." .. count
  stats[key] = stats[key] + 1
end

local function unanswered(p)
  tally(p.kind, "unanswered")
  if p.kind == "new" then
    local id = tostring(p.id)
    unanswered_by_page[id] = (unanswered_by_page[id] or 0) + 1
  end
end

function request()
  if pending then unanswered(pending) end -- a socket error: no response came
  local article
  if step == "page" then
    reader = next_reader()
    article = config.articles[reader.article]
    pending = {kind = "page", reader = reader, id = article.id}
    step = "beacon"
  else
    article = config.articles[reader.article]
    pending = {kind = reader.kind, reader = reader, id = article.id}
    step = "page"
  end
  tally(pending.kind, "sent")
  pending_kind, pending_id = pending.kind, pending.id
  pending.start = now_us()
  if pending.kind == "page" then
    return wrk.format("GET", article.page, headers_for(reader, "text/html"), nil)
  end
  local headers = headers_for(reader, "*/*")
  headers["Origin"] = origin
  return wrk.format("POST", article.beacon, headers, "")
end

local function remember(r)
  if #ring < RING then
    table.insert(ring, r)
  else
    ring[math.random(RING)] = r
  end
end

function response(status, headers, body)
  local p = pending
  if not p then return end
  pending, pending_kind, pending_id = nil, nil, nil
  tally(p.kind, "received")
  local lat = latencies[p.kind]
  lat[#lat + 1] = now_us() - p.start
  if headers["Set-Cookie"] or headers["set-cookie"] then tally(p.kind, "set_cookie") end
  if status < 200 or status > 299 then
    tally(p.kind, "non2xx")
    return
  end
  tally(p.kind, "ok")
  if p.kind == "page" then
    local beacon = config.articles[p.reader.article].beacon
    if not (body and string.find(body, beacon, 1, true)) then tally(p.kind, "unexpected") end
    return
  end
  if body and string.find(body, '"counted": true', 1, true) then
    tally(p.kind, "counted")
    local id = tostring(p.id)
    counted_by_page[id] = (counted_by_page[id] or 0) + 1
    if p.kind == "new" then remember(p.reader) end
  elseif body and string.find(body, '"counted": false', 1, true) then
    tally(p.kind, "not_counted")
  else
    tally(p.kind, "unexpected")
  end
end

-- done(): merge the threads' tallies and print them as JSON ------------------

local function add_into(total, part)
  for key, value in pairs(part or {}) do
    total[key] = (total[key] or 0) + value
  end
end

local function json_object(t)
  local parts = {}
  for key, value in pairs(t) do
    table.insert(parts, string.format('"%s": %d', key, value))
  end
  return "{" .. table.concat(parts, ", ") .. "}"
end

function done(summary, latency, requests)
  local per_kind, counted, unanswered_new = {}, {}, {}
  local timings = assert(io.open(threads[1]:get("timings_path"), "w"))
  for _, kind in ipairs(KINDS) do
    per_kind[kind] = {}
    for _, count in ipairs(COUNTS) do per_kind[kind][count] = 0 end
  end
  for _, thread in ipairs(threads) do
    local s = thread:get("stats")
    for _, kind in ipairs(KINDS) do
      for _, count in ipairs(COUNTS) do
        per_kind[kind][count] = per_kind[kind][count] + s[kind .. "." .. count]
      end
      for _, value in ipairs(thread:get("lat_" .. kind)) do
        timings:write(kind, " ", math.floor(value), "\n")
      end
    end
    add_into(counted, thread:get("counted_by_page"))
    add_into(unanswered_new, thread:get("unanswered_by_page"))
    local kind = thread:get("pending_kind")
    if kind then -- written, never answered: wrk stopped first
      per_kind[kind].unanswered = per_kind[kind].unanswered + 1
      if kind == "new" then
        local id = tostring(thread:get("pending_id"))
        unanswered_new[id] = (unanswered_new[id] or 0) + 1
      end
    end
  end
  timings:close()
  -- wrk calls request() once more in its first thread, before the run, to
  -- inspect the script; that page request is never sent.
  per_kind.page.sent = per_kind.page.sent - 1
  per_kind.page.unanswered = math.max(per_kind.page.unanswered - 1, 0)
  local kinds = {}
  for _, kind in ipairs(KINDS) do
    table.insert(kinds, string.format('"%s": %s', kind, json_object(per_kind[kind])))
  end
  wrk_json(summary, latency, string.format(
    '"timed_per_kind": %s, "kinds": {%s}, "counted_by_page": %s, "unanswered_new_by_page": %s',
    tostring(timespec ~= nil), table.concat(kinds, ", "),
    json_object(counted), json_object(unanswered_new)))
end

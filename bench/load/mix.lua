-- wrk script of the load benchmark: a weighted mix of routes, each request with a random user's token.
--
-- Usage: wrk ... -s mix.lua URL -- DATA_FILE
--
-- DATA_FILE (written by bench/load/workload.py) holds tab-separated lines:
--   route <TAB> name <TAB> weight <TAB> method <TAB> path template [<TAB> JSON body]
--   <pool> <TAB> value        (pools: token, and whatever the templates name: {photo}, {user}, {query})
-- A template's {pool} is replaced by a random value of that pool, per request. Routes are drawn by weight,
-- after a first round of one request each.
--
-- Every request carries X-Request-ID "<route>.<thread>.<n>": the server echoes it, so response() can tell which
-- route each status answered (responses carry no other trace of their request). done() prints one line,
-- "wrk-result <JSON>", with the totals, the latency percentiles, requests sent and statuses by route.

local routes = {}        -- {name, weight, method, path, body}
local total_weight = 0
local pools = {}         -- pool name -> list of values
-- Globals, not locals: done() reads them from each thread with thread:get, which sees only globals.
sent = {}                -- route name -> requests sent
answered = {}            -- "route status" -> responses
local sequence = 0
local threads = {}

local function split(line, separator)
  local fields = {}
  for field in (line .. separator):gmatch("(.-)" .. separator) do
    fields[#fields + 1] = field
  end
  return fields
end

local function pick(list)
  return list[math.random(#list)]
end

local function pick_route()
  local ticket = math.random() * total_weight
  for _, route in ipairs(routes) do
    ticket = ticket - route.weight
    if ticket < 0 then
      return route
    end
  end
  return routes[#routes]
end

function setup(thread)
  threads[#threads + 1] = thread
  thread:set("thread_number", #threads)
end

function init(args)
  for line in io.lines(args[1]) do
    local fields = split(line, "\t")
    if fields[1] == "route" then
      local weight = tonumber(fields[3])
      routes[#routes + 1] = {name = fields[2], weight = weight, method = fields[4], path = fields[5], body = fields[6]}
      total_weight = total_weight + weight
    elseif #fields == 2 then
      pools[fields[1]] = pools[fields[1]] or {}
      table.insert(pools[fields[1]], fields[2])
    end
  end
  -- thread_number is set by setup(): each thread draws its own random numbers.
  math.randomseed(os.time() * 100 + thread_number)
end

function request()
  sequence = sequence + 1
  -- Each thread starts with one request of every route, so that even a run of a second meets them all.
  local route = routes[sequence] or pick_route()
  sent[route.name] = (sent[route.name] or 0) + 1
  local path = route.path:gsub("{(%w+)}", function(pool) return pick(pools[pool]) end)
  local headers = {
    ["Authorization"] = "Bearer " .. pick(pools.token),
    ["X-Request-ID"] = route.name .. "." .. thread_number .. "." .. sequence,
  }
  if route.body then
    headers["Content-Type"] = "application/json"
  end
  return wrk.format(route.method, path, headers, route.body)
end

function response(status, headers, body)
  local route = "?"
  for name, value in pairs(headers) do
    if name:lower() == "x-request-id" then
      route = value:match("^(%w+)%.") or "?"
    end
  end
  local key = route .. " " .. status
  answered[key] = (answered[key] or 0) + 1
end

local function json_object(map)
  local members = {}
  for key, value in pairs(map) do
    members[#members + 1] = string.format("%q:%s", key, type(value) == "table" and json_object(value) or value)
  end
  return "{" .. table.concat(members, ",") .. "}"
end

local function merged(name)
  local total = {}
  for _, thread in ipairs(threads) do
    for key, count in pairs(thread:get(name) or {}) do
      total[key] = (total[key] or 0) + count
    end
  end
  return total
end

function done(summary, latency, requests)
  local result = {
    requests = summary.requests,
    duration_us = summary.duration,
    errors = summary.errors,
    latency_us = {
      p50 = latency:percentile(50),
      p90 = latency:percentile(90),
      p99 = latency:percentile(99),
      max = latency.max,
      mean = latency.mean,
    },
    sent = merged("sent"),
    answered = merged("answered"),
  }
  io.write("wrk-result ", json_object(result), "\n")
end

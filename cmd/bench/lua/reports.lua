-- The reports page, signed in (BENCH_COOKIE): half the requests ask for
-- a whole season (BENCH_SEASONS, comma-separated, already encoded), half
-- for one of the current season's busiest roles (BENCH_ROLE_IDS).
local cookie = os.getenv("BENCH_COOKIE")
local seasons, roles = {}, {}

function init(args)
  for s in string.gmatch(os.getenv("BENCH_SEASONS") or "", "[^,]+") do seasons[#seasons + 1] = s end
  for id in string.gmatch(os.getenv("BENCH_ROLE_IDS") or "", "%d+") do roles[#roles + 1] = id end
  math.randomseed(os.time() * 1000 + math.floor(os.clock() * 1000000))
end

local function pick(t) return t[math.random(#t)] end

function request()
  local path
  if #roles > 0 and math.random(2) == 1 then
    path = "/admin/reports?season=" .. seasons[#seasons] .. "&role=" .. pick(roles)
  else
    path = "/admin/reports?season=" .. pick(seasons)
  end
  return wrk.format("GET", path, {["Cookie"] = cookie})
end

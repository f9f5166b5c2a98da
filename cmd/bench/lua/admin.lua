-- The recruiters' applications list with filters, signed in with the
-- session cookie the driver obtained (BENCH_COOKIE).
local cookie = os.getenv("BENCH_COOKIE")
local stages = {"", "applied", "take_home", "interview_1", "interview_2", "offer", "rejected"}
local degrees = {"", "bachelors", "masters", "phd"}
local names = {"", "", "", "García", "Nakamura", "Zoë", "Okafor", "Lovelace", "Chen"}
local universities = {"", "", "", "Stanford", "Waterloo", "Georgia Tech", "Howard"}
local sorts = {"", "oldest", "name"}
local roles = {}

function init(args)
  for id in string.gmatch(os.getenv("BENCH_ROLE_IDS") or "", "%d+") do roles[#roles + 1] = id end
  math.randomseed(os.time() * 1000 + math.floor(os.clock() * 1000000))
end

local function pick(t) return t[math.random(#t)] end

function request()
  local path = "/admin/applications?stage=" .. pick(stages) .. "&degree=" .. pick(degrees)
    .. "&q=" .. pick(names) .. "&university=" .. pick(universities) .. "&sort=" .. pick(sorts)
    .. "&page=" .. math.random(3)
  if #roles > 0 and math.random(2) == 1 then path = path .. "&role=" .. pick(roles) end
  return wrk.format("GET", path, {["Cookie"] = cookie})
end

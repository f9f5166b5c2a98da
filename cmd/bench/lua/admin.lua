-- The recruiters' applications list with filters, signed in with the
-- session cookie the driver obtained (BENCH_COOKIE). The mix follows how
-- recruiters work: mostly one role and a stage, sometimes a degree, a
-- name (a fifth of requests) or a university (a tenth). The generated
-- names and universities come from short lists, so each name matches
-- some 35,000 applications: harder than real names.
local cookie = os.getenv("BENCH_COOKIE")
local stages = {"", "applied", "take_home", "interview_1", "interview_2", "offer", "rejected"}
local degrees = {"", "bachelors", "masters", "phd"}
local names = {"García", "Nakamura", "Zoë", "Okafor", "Lovelace", "Chen", "Priya Patel", "Kwame Mensah"}
local universities = {"Stanford", "Waterloo", "Georgia Tech", "Howard"}
local sorts = {"", "oldest", "name"}
local roles = {}

function init(args)
  for id in string.gmatch(os.getenv("BENCH_ROLE_IDS") or "", "%d+") do roles[#roles + 1] = id end
  math.randomseed(os.time() * 1000 + math.floor(os.clock() * 1000000))
end

local function pick(t) return t[math.random(#t)] end

-- Percent-encode a query value (names hold spaces and letters like ë).
local function enc(s)
  return (string.gsub(s, "[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function request()
  local path = "/admin/applications?stage=" .. pick(stages) .. "&degree=" .. pick(degrees)
    .. "&sort=" .. pick(sorts) .. "&page=" .. math.random(3)
  if math.random(5) == 1 then path = path .. "&q=" .. enc(pick(names)) end
  if math.random(10) == 1 then path = path .. "&university=" .. enc(pick(universities)) end
  if #roles > 0 and math.random(3) > 1 then path = path .. "&role=" .. pick(roles) end
  return wrk.format("GET", path, {["Cookie"] = cookie})
end

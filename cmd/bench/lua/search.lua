-- A different search on every request, so the page cache cannot answer:
-- half broad (one common word, nothing else), half narrow (two or three
-- words and filters).
local common = {"intern", "engineering", "design", "data", "studio", "production", "marketing", "research",
  "platform", "analytics", "software", "content", "games", "finance", "security", "animation"}
local words = {"backend", "frontend", "machine", "learning", "sound", "story", "visual", "effects", "game",
  "product", "legal", "strategy", "sales", "supply", "chain", "mobile", "graphics", "embedded", "network",
  "quality", "reliability", "editorial", "casting", "localization", "payments", "streaming", "ads", "search",
  "devices", "privacy", "creator", "audio", "video", "recommendations", "growth", "family", "international",
  "accessibility", "infrastructure", "experimentation", "playback", "encoding", "identity", "observability",
  "documentary", "music", "dubbing", "subtitles", "procurement", "insights", "communications", "tokyo",
  "london", "austin", "seattle", "toronto", "remote", "paris", "berlin", "madrid", "seoul", "mumbai",
  "amsterdam", "chicago", "boston", "denver", "atlanta", "singapore", "partnerships", "people", "operations",
  "people", "trust", "safety", "cloud", "developer", "tools", "science", "coordination", "supervision"}
local areas = {"", "technology", "entertainment", "business"}
local degrees = {"", "bachelors", "masters", "phd"}
local modes = {"", "onsite", "hybrid", "remote"}
local sorts = {"", "newest", "title"}

local function pick(t) return t[math.random(#t)] end

function init(args)
  math.randomseed(os.time() * 1000 + math.floor(os.clock() * 1000000))
end

-- Every query also excludes a made-up word: it changes nothing in the
-- results or their order, but makes each URL new, so the page cache
-- cannot answer and every request runs the search.
local counter = 0

function request()
  counter = counter + 1
  local unique = "+-zq" .. tostring(math.random(1, 1000000000)) .. "n" .. counter
  local path
  if math.random(2) == 1 then
    path = "/roles?q=" .. pick(common) .. unique .. "&page=" .. math.random(3) .. "&sort=" .. pick(sorts)
  else
    local q = pick(words) .. "+" .. pick(words)
    if math.random(2) == 1 then q = q .. "+" .. pick(common) end
    path = "/roles?q=" .. q .. unique .. "&area=" .. pick(areas) .. "&degree=" .. pick(degrees) .. "&mode=" .. pick(modes)
  end
  return wrk.format("GET", path)
end

-- Applications with a 100 KB PDF, each from a different address and
-- email, to one open role. BENCH_ROLE and BENCH_PDF come from the driver.
local boundary = "----careersbench7d1f"
local role = os.getenv("BENCH_ROLE")
local pdf
local counter = 0
local tag

function init(args)
  local f = assert(io.open(os.getenv("BENCH_PDF"), "rb"))
  pdf = f:read("*a")
  f:close()
  math.randomseed(os.time() * 1000 + math.floor(os.clock() * 1000000))
  tag = tostring(math.random(1, 2000000000))
end

local function field(name, value)
  return "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"" .. name .. "\"\r\n\r\n" .. value .. "\r\n"
end

function request()
  counter = counter + 1
  local id = tag .. "-" .. counter
  local body = field("submission_key", "bench-" .. id .. "-submission")
    .. field("full_name", "Zoë Bench " .. counter)
    .. field("email", "bench-" .. id .. "@example.edu")
    .. field("phone", "")
    .. field("university", "Université de Montréal")
    .. field("degree", "bachelors")
    .. field("grad_month", "5")
    .. field("grad_year", "2028")
    .. field("linkedin", "")
    .. field("why", "I want to build what students use every day.")
    .. field("consent", "yes")
    .. field("hp_extra_notes", "")
    .. "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"resume\"; filename=\"cv.pdf\"\r\n"
    .. "Content-Type: application/pdf\r\n\r\n" .. pdf .. "\r\n--" .. boundary .. "--\r\n"
  local ip = "10." .. math.random(0, 255) .. "." .. math.random(0, 255) .. "." .. math.random(1, 254)
  return wrk.format("POST", "/roles/" .. role .. "/apply", {
    ["Content-Type"] = "multipart/form-data; boundary=" .. boundary,
    ["Sec-Fetch-Site"] = "same-origin",
    ["X-Forwarded-For"] = ip,
  }, body)
end

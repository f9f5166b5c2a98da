-- Prepended to the signed-in scripts: any answer but 200 counts as an
-- error. wrk itself counts only statuses of 400 and more, so a session
-- sent to the sign-in or security page (a 303) would pass for a fast page.
local threads = {}
unexpected = 0

function setup(thread) threads[#threads + 1] = thread end

function response(status, headers, body)
  if status ~= 200 then unexpected = unexpected + 1 end
end

-- The sum over the threads, read by report.lua's done().
function unexpected_total()
  local n = 0
  for _, t in ipairs(threads) do n = n + (t:get("unexpected") or 0) end
  return n
end

-- wrk script: every request saves one answer of a random candidate to a random question of their test,
-- with a sequence number unique per thread (seq = counter * 64 + thread id), as the exam page does.
local candidates = {}
local thread_id = 0
local counter = 0

local function load()
  local path = os.getenv("BENCH_FILE") or "var/bench_exam_candidates.txt"
  for line in io.lines(path) do
    local sid, csrf, session, qids = line:match("(%S+) (%S+) (%S+) (%S+)")
    local list = {}
    for q in qids:gmatch("%d+") do list[#list + 1] = q end
    candidates[#candidates + 1] = { sid = sid, csrf = csrf, session = session, qids = list }
  end
end

local next_id = 0
function setup(thread)
  next_id = next_id + 1
  thread:set("thread_id", next_id)
end

function init(args)
  load()
  math.randomseed(os.time() + thread_id)
end

function request()
  counter = counter + 1
  local c = candidates[math.random(#candidates)]
  local q = c.qids[math.random(#c.qids)]
  local body = string.format('{"question": %s, "choice": %d, "seq": %d}', q, math.random(0, 3), counter * 64 + thread_id)
  local headers = {
    ["Content-Type"] = "application/json",
    ["Cookie"] = "sessionid=" .. c.sid .. "; csrftoken=" .. c.csrf,
    ["X-CSRFToken"] = c.csrf,
  }
  return wrk.format("POST", "/api/v1/recruitment/sessions/" .. c.session .. "/answers/", headers, body)
end

local errors = 0
function response(status, headers, body)
  if status ~= 200 then errors = errors + 1 end
end

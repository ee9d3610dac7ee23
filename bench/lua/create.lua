-- POST a new contact with a unique email and phone each time. Each wrk run (the warm-up included)
-- draws its own run number, so no two requests of any run collide.
math.randomseed(os.time() + math.floor(os.clock() * 1e6))
local run = math.random(10000, 99999)
local i = 0
-- wrk.format replaces wrk.headers (the -H token) when given a table: merge them.
local function headers()
  local h = {["Content-Type"] = "application/json"}
  for k, v in pairs(wrk.headers) do h[k] = v end
  return h
end

request = function()
  i = i + 1
  local body = string.format(
    '{"name":"Load %d","email":"load-%d-%d@bench.test","phone_number":"+49%05d%07d","custom_attributes":{"plan":"pro"}}',
    i, run, i, run, i)
  return wrk.format("POST", "/api/v1/accounts/1/contacts", headers(), body)
end

-- POST a new contact with a unique email and phone each time.
local run = os.getenv("RUN") or tostring(os.time())
local i = 0
request = function()
  i = i + 1
  local body = string.format(
    '{"name":"Load %d","email":"load-%s-%d@bench.test","phone_number":"+4%s%07d","custom_attributes":{"plan":"pro"}}',
    i, run, i, string.sub(run, -6), i)
  return wrk.format("POST", "/api/v1/accounts/1/contacts", {["Content-Type"] = "application/json"}, body)
end

-- POST the JSON in $BODY to $PATH_ (a filter request).
local body = os.getenv("BODY")
local path = os.getenv("PATH_")
-- wrk.format replaces wrk.headers (the -H token) when given a table: merge them.
local function headers()
  local h = {["Content-Type"] = "application/json"}
  for k, v in pairs(wrk.headers) do h[k] = v end
  return h
end

request = function()
  return wrk.format("POST", path, headers(), body)
end

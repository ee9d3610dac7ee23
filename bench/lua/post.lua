-- POST the JSON in $BODY to $PATH_ (a filter request).
local body = os.getenv("BODY")
local path = os.getenv("PATH_")
request = function()
  return wrk.format("POST", path, {["Content-Type"] = "application/json"}, body)
end

-- GET a random contact of account 1 (ids 1..N, N from the environment).
local n = tonumber(os.getenv("N") or "100000")
math.randomseed(42)
request = function()
  return wrk.format("GET", "/api/v1/accounts/1/contacts/" .. math.random(1, n))
end

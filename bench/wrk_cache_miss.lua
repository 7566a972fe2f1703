-- Every request with its own Accept header (still JSON), so the API's response cache,
-- keyed on the URL and Accept, never has the answer: the cost of a cache miss.
local salt = tostring(os.time()) .. "-" .. tostring(math.random(1000000000))
local counter = 0

request = function()
  counter = counter + 1
  return wrk.format(nil, nil, {["Accept"] = "application/json; miss=" .. salt .. "-" .. counter})
end

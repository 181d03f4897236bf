-- wrk script: PUT answers of open attempts, one line of saves.tsv per request, cycling.
-- Arguments: the .tsv file (path, bearer token, JSON body per line) and the run number;
-- run 1 starts half-way through the list, so the two runs mostly save fresh answers.
local requests = {}
local counter, step = 0, 1
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    local path, token, body = line:match("^([^\t]+)\t([^\t]+)\t(.*)$")
    table.insert(requests, wrk.format("PUT", path, {
      ["Authorization"] = "Bearer " .. token,
      ["Content-Type"] = "application/json",
    }, body))
  end
  step = 2 -- wrk runs with -t2: thread 0 takes the even lines, thread 1 the odd
  counter = tonumber(args[2]) * math.floor(#requests / 2) + id
end

function request()
  local r = requests[(counter % #requests) + 1]
  counter = counter + step
  return r
end

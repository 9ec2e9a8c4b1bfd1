-- Workload W, write-heavy: 50% A (half FETCH by where, half GET /item/K), 50% D (update by id).
-- Usage: wrk -t2 -c16 -d10s --latency -s bench/wrk/w.lua http://127.0.0.1:PORT -- items=100000 tag=1
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

next_request = function()
    local draw = math.random()
    if draw < 0.25 then return fetch_by_id() end
    if draw < 0.50 then return get_by_id() end
    return update_price()
end
check = check_mixed

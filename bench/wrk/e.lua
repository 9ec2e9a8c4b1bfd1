-- Workload E: a mix of 60% A (half FETCH by where, half GET /item/K), 30% B, 5% C, 5% D.
-- Usage: wrk -t2 -c16 -d10s --latency -s bench/wrk/e.lua http://127.0.0.1:PORT -- items=100000 tag=1
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

next_request = function()
    local draw = math.random()
    if draw < 0.30 then return fetch_by_id() end
    if draw < 0.60 then return get_by_id() end
    if draw < 0.90 then return category_page() end
    if draw < 0.95 then return insert_one() end
    return update_price()
end
check = check_mixed

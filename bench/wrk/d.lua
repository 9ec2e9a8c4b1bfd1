-- Workload D: update one row's price by id, PUT /item/K {"price":P}; 200 with the row. Writes acks with acks=DIR.
-- Usage: wrk -t2 -c16 -d10s --latency -s bench/wrk/d.lua http://127.0.0.1:PORT -- items=100000 tag=1
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

next_request = update_price
check = check_update

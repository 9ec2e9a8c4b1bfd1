-- Workload A, GET variant: one row by random id, GET /item/K.
-- Usage: wrk -t2 -c16 -d10s --latency -s bench/wrk/a-get.lua http://127.0.0.1:PORT -- items=100000 tag=1
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

next_request = get_by_id
check = check_get_one

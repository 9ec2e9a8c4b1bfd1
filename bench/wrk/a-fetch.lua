-- Workload A: one row by random id, FETCH /item with {"where":{"id":K}}.
-- Usage: wrk -t2 -c16 -d10s --latency -s bench/wrk/a-fetch.lua http://127.0.0.1:PORT -- items=100000 tag=1
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

next_request = fetch_by_id
check = check_fetch_one

-- Workload F: a FETCH page of 1,000 rows, {"where":{"id":{"gte":K}},"orderby":"id","limit":1000}.
-- Usage: wrk -t2 -c16 -d10s --latency -s bench/wrk/f.lua http://127.0.0.1:PORT -- items=100000 tag=1
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

next_request = page_of_1000
check = check_page_of_1000

-- Workload B: FETCH /item {"where":{"category":"cNN"},"orderby":"price desc","limit":20}, random NN.
-- Usage: wrk -t2 -c16 -d10s --latency -s bench/wrk/b.lua http://127.0.0.1:PORT -- items=100000 tag=1
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

next_request = category_page
check = check_category_page

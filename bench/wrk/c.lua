-- Workload C: insert one row, POST /item; 201 with the row. Writes acks with acks=DIR.
-- Usage: wrk -t2 -c16 -d10s --latency -s bench/wrk/c.lua http://127.0.0.1:PORT -- items=100000 tag=1
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

next_request = insert_one
check = check_insert

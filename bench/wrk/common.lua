-- Shared by the workload scripts (each loads it with dofile): per-thread state, request builders,
-- response checks and the summary line that bench/run.sh reads.
--
-- Arguments, after wrk's "--": key=value pairs
--   items=N   rows of item from the generator (ids 1..N); default 100000
--   tag=K     1..9, unique per wrk run on one database: it makes inserted names and updated
--             prices unique, so that acknowledged writes can be checked afterwards
--   acks=DIR  write every acknowledged write to DIR/<name>-<thread>.csv (kind,id,value)
--   name=S    file name prefix for acks; default "acks"
--   seed=S    random seed; each thread uses seed*1000 + its number
--   keyed=1   every write sends an Idempotency-Key of its own (what the clients do)
--
-- Every response is checked: a non-2xx status or a body without the expected fragment counts as
-- an error. done() prints one line:
--   RESULT requests=… rps=… p50_ms=… p99_ms=… errors=… bad_responses=… socket_errors=… …

local threads = {}

function setup(thread)
    thread:set("tid", #threads + 1)
    table.insert(threads, thread)
    if #threads > 16 then
        error("at most 16 threads: update ids are spread over 16 lanes")
    end
end

function init(args)
    local options = {}
    for _, arg in ipairs(args) do
        local key, value = arg:match("^([%w_]+)=(.*)$")
        if key then
            options[key] = value
        end
    end
    items = tonumber(options.items or "100000")
    tag = tonumber(options.tag or "1")
    keyed = options.keyed == "1"
    math.randomseed(tonumber(options.seed or "42") * 1000 + tid)
    checked, errors, acked, counter = 0, 0, 0, 0
    sample = ""
    if options.acks and options.acks ~= "" then
        ack_file = io.open(options.acks .. "/" .. (options.name or "acks") .. "-" .. tid .. ".csv", "w")
    end
end

-- Requests -----------------------------------------------------------------------------------

local json = { ["Content-Type"] = "application/json" }
local checked_first = false

-- wrk 4.1.0 parses the first request of thread 1 with http_parser before sending anything and
-- exits with "invalid HTTP method" for FETCH, however the request is built (wrk.method or
-- wrk.format); it parses no request after that one. So that one call, which is never sent,
-- returns a GET; every request sent is the workload's own (next_request, set by each script).
function request()
    if tid == 1 and not checked_first then
        checked_first = true
        return wrk.format("GET", "/item/1")
    end
    return next_request()
end

local function fetch(path, body)
    return wrk.format("FETCH", path, json, body)
end

function fetch_by_id()
    return fetch("/item", '{"where":{"id":' .. math.random(items) .. '}}')
end

function get_by_id()
    return wrk.format("GET", "/item/" .. math.random(items))
end

function category_page()
    return fetch("/item", string.format(
        '{"where":{"category":"c%02d"},"orderby":"price desc","limit":20}', math.random(0, 99)))
end

-- keyed=1: every write carries its own Idempotency-Key, as the JS and Java clients send one
local function write_headers()
    if not keyed then
        return json
    end
    return { ["Content-Type"] = "application/json",
             ["Idempotency-Key"] = string.format("bench-%d-%d-%d", tag, tid, counter) }
end

function insert_one()
    counter = counter + 1
    return wrk.format("POST", "/item", write_headers(), string.format(
        '{"name":"bench-%d-%d-%d","price":%.2f,"category":"c%02d","created_at":"2025-06-01T12:00:00Z"}',
        tag, tid, counter, math.random(100, 100099) / 100, math.random(0, 99)))
end

-- Update lanes: thread t updates sequence numbers t-1, t-1+16, t-1+32, … so that no two threads
-- touch one row and a row comes back to a thread only thousands of requests later. The new price
-- is tag*1e8 + sequence: unique, growing, and the response's id must match it.
local UPDATE_LANES = 16
-- Sequence numbers per run: a 15 s warm-up at 9,000 updates/s already passes 10^6.
local UPDATE_RUN = 100000000

function update_price()
    local sequence = counter * UPDATE_LANES + (tid - 1)
    counter = counter + 1
    local id = sequence % items + 1
    return wrk.format("PUT", "/item/" .. id, write_headers(), '{"price":' .. (tag * UPDATE_RUN + sequence) .. '}')
end

function page_of_1000()
    return fetch("/item", '{"where":{"id":{"gte":' .. math.random(items - 999) .. '}},"orderby":"id","limit":1000}')
end

-- Checks: each returns true, or false and why ------------------------------------------------

local SUCCESS = '{"status":"success","data":'

local function ack(kind, id, value)
    acked = acked + 1
    if ack_file then
        ack_file:write(kind, ",", id, ",", value, "\n")
        if acked % 256 == 0 then
            ack_file:flush()
        end
    end
end

local function count_rows(body)
    local _, rows = body:gsub('{"id":', "")
    return rows
end

-- An original item row: "id":K,"name":"item-K".
local function consistent_item(body)
    local id, named = body:match('"id":(%d+),"name":"item%-(%d+)"')
    if not id then
        return false, "no item row"
    end
    if id ~= named then
        return false, "row " .. id .. " is named item-" .. named
    end
    return true
end

function check_fetch_one(status, body)
    if status ~= 200 then return false, "status" end
    if body:sub(1, #SUCCESS + 2) ~= SUCCESS .. '[{' then return false, "not a list of rows" end
    if count_rows(body) ~= 1 then return false, "not exactly one row" end
    return consistent_item(body)
end

function check_get_one(status, body)
    if status ~= 200 then return false, "status" end
    if body:sub(1, #SUCCESS + 1) ~= SUCCESS .. '{' then return false, "not a row" end
    return consistent_item(body)
end

function check_category_page(status, body)
    if status ~= 200 then return false, "status" end
    if body:sub(1, #SUCCESS + 2) ~= SUCCESS .. '[{' then return false, "not a list of rows" end
    if count_rows(body) ~= 20 then return false, "not 20 rows" end
    local category = body:match('"category":"(c%d%d)"')
    local _, same = body:gsub('"category":"' .. (category or "?") .. '"', "")
    if same ~= 20 then return false, "rows of several categories" end
    local previous = math.huge
    for price in body:gmatch('"price":([^,}]+)') do
        local value = tonumber(price)
        if not value or value > previous then return false, "not ordered by price desc" end
        previous = value
    end
    return true
end

function check_insert(status, body)
    if status ~= 201 then return false, "status" end
    if body:sub(1, #SUCCESS + 1) ~= SUCCESS .. '{' then return false, "not a row" end
    local id, name = body:match('"id":(%d+),"name":"(bench%-' .. tag .. '%-%d+%-%d+)"')
    if not id then return false, "not the inserted row" end
    ack("insert", id, name)
    return true
end

-- A row whose price carries this run's tag was updated by this run: its id must match the price.
local function check_tagged_price(body)
    local id, price = body:match('"id":(%d+),.-"price":([^,}]+)')
    price = tonumber(price)
    if not id or not price then return false, "no id or price" end
    local sequence = price - tag * UPDATE_RUN
    if sequence < 0 or sequence >= UPDATE_RUN then return nil end
    if sequence % 1 ~= 0 or sequence % items + 1 ~= tonumber(id) then
        return false, "row " .. id .. " has price " .. price .. ", meant for another row"
    end
    ack("update", id, string.format("%d", price))
    return true
end

function check_update(status, body)
    if status ~= 200 then return false, "status" end
    if body:sub(1, #SUCCESS + 1) ~= SUCCESS .. '{' then return false, "not a row" end
    local ok, why = check_tagged_price(body)
    if ok == nil then return false, "price not set by this run" end
    return ok, why
end

function check_page_of_1000(status, body)
    if status ~= 200 then return false, "status" end
    if body:sub(1, #SUCCESS + 2) ~= SUCCESS .. '[{' then return false, "not a list of rows" end
    local first, last, rows = nil, nil, 0
    for id in body:gmatch('{"id":(%d+),') do
        rows = rows + 1
        first = first or tonumber(id)
        last = tonumber(id)
    end
    if rows ~= 1000 then return false, rows .. " rows, not 1000" end
    if last - first ~= 999 then return false, "ids " .. first .. ".." .. last .. " are not consecutive" end
    return true
end

-- Workload E's responses, told apart by shape: 201 an insert; a one-row list FETCH by id; a
-- 20-row list a category page; an object a GET or an update (whose price carries the tag).
function check_mixed(status, body)
    if status == 201 then return check_insert(status, body) end
    if status ~= 200 then return false, "status" end
    if body:sub(1, #SUCCESS + 1) == SUCCESS .. '[' then
        local rows = count_rows(body)
        if rows == 1 then return check_fetch_one(status, body) end
        if rows == 20 then return check_category_page(status, body) end
        return false, rows .. " rows: neither a FETCH by id nor a category page"
    end
    if body:sub(1, #SUCCESS + 1) ~= SUCCESS .. '{' then return false, "not a row" end
    local ok, why = consistent_item(body)
    if not ok then return ok, why end
    ok, why = check_tagged_price(body)
    if ok == false then return ok, why end
    return true
end

-- Every response -----------------------------------------------------------------------------

function response(status, headers, body)
    checked = checked + 1
    local ok, why = check(status, body)
    if not ok then
        errors = errors + 1
        if sample == "" then
            sample = status .. " (" .. (why or "?") .. ") " .. body:sub(1, 300)
        end
    end
end

function done(summary, latency, requests)
    local total_checked, bad, total_acked, first = 0, 0, 0, nil
    for _, thread in ipairs(threads) do
        total_checked = total_checked + (thread:get("checked") or 0)
        bad = bad + (thread:get("errors") or 0)
        total_acked = total_acked + (thread:get("acked") or 0)
        local text = thread:get("sample")
        if text and text ~= "" and not first then
            first = text
        end
    end
    local e = summary.errors
    local socket = e.connect + e.read + e.write + e.timeout
    local unchecked = math.max(summary.requests - total_checked, 0)
    local seconds = summary.duration / 1e6
    io.write(string.format(
        "RESULT requests=%d seconds=%.2f rps=%.1f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f errors=%d"
            .. " bad_responses=%d socket_errors=%d unchecked=%d acked=%d\n",
        summary.requests, seconds, summary.requests / seconds, latency:percentile(50) / 1000,
        latency:percentile(99) / 1000, latency.max / 1000, bad + socket + unchecked, bad, socket,
        unchecked, total_acked))
    if first then
        io.write("FIRST_ERROR " .. first:gsub("[\r\n]", " ") .. "\n")
    elseif socket + unchecked > 0 then
        io.write(string.format("FIRST_ERROR no wrong response; socket errors: connect %d, read %d, write %d,"
            .. " timeout %d; responses not checked: %d\n", e.connect, e.read, e.write, e.timeout, unchecked))
    end
end

-- wrk script for scripts/bench-writes.sh: sends the app's real web forms the way a browser does.
-- The forms are not typed in here: each page was saved by the shell script (signed in, or as an
-- anonymous citizen with the double-submit cookie), and init() reads the form out of the HTML
-- (inputs, ticked checkboxes, the selected option of each select, textareas, in document order)
-- and sends it back with a few fields changed, as a person editing the form would.
--
--   wrk ... -s scripts/bench-writes.lua URL -- MODE MANIFEST
--
-- MODE and MANIFEST (tab-separated lines):
--   write    KIND COOKIE HTML   KIND report: the monitoring report form (multipart, _csrf in the
--                               action; a new narrative each time); KIND edit: the programme edit
--                               form (urlencoded, a new description each time and a fresh
--                               one-time _once token, see crates/web/src/once.rs)
--   read     PATH COOKIE        GET; must answer 200 with a page that is not the error page
--   citizen  TOKEN HTML         the public input form (multipart, _csrf in the action and the
--                               kotacerdas_csrf cookie, a new X-Forwarded-For address per post so
--                               the per-address limit counts each post as another citizen)
-- A write counts as done when it is answered with a redirect that is not to /login; anything else
-- (a status, a form shown again with errors, an error page) is an error, kept by status with the
-- server's message. done() prints one line: "KC p50_ms p99_ms ok ok/s errors detail".

local threads = {}
local counter = 1

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

-- ------------------------------------------------------------------ reading a form out of HTML

local function utf8char(cp)
  if cp < 0x80 then return string.char(cp) end
  if cp < 0x800 then return string.char(0xC0 + math.floor(cp / 64), 0x80 + cp % 64) end
  if cp < 0x10000 then
    return string.char(0xE0 + math.floor(cp / 4096), 0x80 + math.floor(cp / 64) % 64, 0x80 + cp % 64)
  end
  return string.char(0xF0 + math.floor(cp / 262144), 0x80 + math.floor(cp / 4096) % 64,
    0x80 + math.floor(cp / 64) % 64, 0x80 + cp % 64)
end

local named = { amp = "&", lt = "<", gt = ">", quot = '"', apos = "'", nbsp = utf8char(160) }

local function unescape(s)
  s = s:gsub("&#[xX](%x+);", function(h) return utf8char(tonumber(h, 16)) end)
  s = s:gsub("&#(%d+);", function(d) return utf8char(tonumber(d)) end)
  return (s:gsub("&(%a+);", function(n) return named[n] or ("&" .. n .. ";") end))
end

local function attr(attrs, name)
  local v = attrs:match("%s" .. name .. '="([^"]*)"')
  return v and unescape(v)
end

local function flag(attrs, name)
  return (" " .. attrs .. " "):find("%s" .. name .. "[%s/=>]") ~= nil
end

-- The first form whose action contains `want`: its action and its fields
-- ({name, value, file = bool, options = {{value, label}}} for selects), in document order.
local function read_form(html, want)
  local pos = 1
  while true do
    local s, e, attrs = html:find("<form(%s[^>]*)>", pos)
    if not s then error("no form with action containing " .. want) end
    local action = attr(attrs, "action") or ""
    if action:find(want, 1, true) then
      local stop = html:find("</form>", e, true) or #html
      local body = html:sub(e + 1, stop - 1)
      local fields, p = {}, 1
      while true do
        local ts, te, tag, a = body:find("<(%a+)(%s?[^>]*)>", p)
        if not ts then break end
        p = te + 1
        tag = tag:lower()
        local name = attr(a, "name")
        if tag == "input" and name then
          local kind = (attr(a, "type") or "text"):lower()
          if kind == "file" then
            table.insert(fields, { name = name, value = "", file = true })
          elseif kind == "checkbox" or kind == "radio" then
            if flag(a, "checked") then table.insert(fields, { name = name, value = attr(a, "value") or "on" }) end
          elseif kind ~= "submit" and kind ~= "button" and kind ~= "reset" and kind ~= "image" then
            table.insert(fields, { name = name, value = attr(a, "value") or "" })
          end
        elseif tag == "textarea" and name then
          local cs = body:find("</textarea>", p, true)
          table.insert(fields, { name = name, value = unescape(body:sub(p, cs - 1)) })
          p = cs + 11
        elseif tag == "select" and name then
          local cs = body:find("</select>", p, true)
          local inner, options, chosen = body:sub(p, cs - 1), {}, nil
          for oa, label in inner:gmatch("<option(%s?[^>]*)>([^<]*)") do
            local v = attr(oa, "value") or unescape(label)
            table.insert(options, { value = v, label = unescape(label) })
            if flag(oa, "selected") and not chosen then chosen = v end
          end
          table.insert(fields, { name = name, value = chosen or (options[1] and options[1].value) or "", options = options })
          p = cs + 9
        end
      end
      return action, fields
    end
    pos = e + 1
  end
end

local function field(fields, name)
  for _, f in ipairs(fields) do
    if f.name == name then return f end
  end
end

local function urlencode(s)
  return (s:gsub("[^%w%-%._%* ]", function(c) return string.format("%%%02X", c:byte()) end):gsub(" ", "+"))
end

local function urlencoded(fields)
  local parts = {}
  for _, f in ipairs(fields) do
    table.insert(parts, urlencode(f.name) .. "=" .. urlencode(f.value))
  end
  return table.concat(parts, "&")
end

local boundary = "----kotacerdasBenchBoundary7MA4YWxkTrZu0gW"

local function multipart(fields)
  local parts = {}
  for _, f in ipairs(fields) do
    if f.file then
      table.insert(parts, "--" .. boundary .. '\r\nContent-Disposition: form-data; name="' .. f.name
        .. '"; filename=""\r\nContent-Type: application/octet-stream\r\n\r\n\r\n')
    else
      table.insert(parts, "--" .. boundary .. '\r\nContent-Disposition: form-data; name="' .. f.name .. '"\r\n\r\n'
        .. f.value:gsub("\r?\n", "\r\n") .. "\r\n")
    end
  end
  table.insert(parts, "--" .. boundary .. "--\r\n")
  return table.concat(parts)
end

local function slurp(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

local function lines(path)
  local out = {}
  for line in io.lines(path) do
    if line ~= "" then
      local cols = {}
      for c in (line .. "\t"):gmatch("([^\t]*)\t") do table.insert(cols, c) end
      table.insert(out, cols)
    end
  end
  return out
end

-- ------------------------------------------------------------------ per thread

local mode, jobs, n = nil, {}, 0
ok, errors, kinds, statuses, reasons = 0, 0, "", "", "" -- read by done() through thread:get
local by_status, by_kind, reason_seen = {}, {}, {}
local salt = ""

local text = "Realisasi kegiatan berjalan sesuai rencana kerja triwulan ini; kendala pengadaan perangkat "
  .. "di dua kecamatan sudah ditangani bersama Diskominfo dan penyedia. Data capaian diperbarui dari "
  .. "laporan lapangan dan sistem informasi perangkat daerah."
local citizen_text = "Mohon pemerintah daerah menambah titik layanan internet publik di balai desa dan "
  .. "sekolah, karena sinyal di wilayah kami masih lemah dan warga harus ke kota kecamatan untuk "
  .. "mengurus layanan daring. Usul kami: prioritaskan desa yang jauh dari pusat kecamatan, libatkan "
  .. "karang taruna untuk pendampingan literasi digital, dan umumkan jadwal pemasangan di papan desa "
  .. "serta kanal media sosial kabupaten supaya warga bisa ikut memantau pelaksanaannya."

function init(args)
  mode = args[1]
  local u = io.open("/dev/urandom", "rb")
  salt = u:read(24):gsub(".", function(c) return string.format("%02x", c:byte()) end)
  u:close()
  for _, cols in ipairs(lines(args[2])) do
    if mode == "write" then
      local kind, cookie, html = cols[1], cols[2], slurp(cols[3])
      local action, fields = read_form(html, kind == "report" and "/monitoring/periods/" or "/edit")
      if kind == "report" then
        local st = field(fields, "status")
        if st.value == "" then st.value = "on_track" end
      end
      table.insert(jobs, { kind = kind, cookie = cookie, action = action, fields = fields })
    elseif mode == "read" then
      table.insert(jobs, { path = cols[1], cookie = cols[2] })
    elseif mode == "citizen" then
      local token, html = cols[1], slurp(cols[2])
      local action, fields = read_form(html, "/konsultasi/")
      action = action:gsub("_csrf=%x+", "_csrf=" .. token)
      -- What a citizen fills in: a dimension, an element of it, a title, the text, where.
      local dim = field(fields, "dimension_code")
      dim.value = dim.options[2].value
      local el = field(fields, "element_code")
      for _, o in ipairs(el.options) do
        if o.label:sub(1, #dim.value + 1) == dim.value .. " " then el.value = o.value break end
      end
      field(fields, "kecamatan").value = "Sukamaju Barat"
      field(fields, "kelurahan").value = "Cibeureum"
      local author = field(fields, "author_name")
      if author then author.value = "Warga Uji" end
      table.insert(jobs, { cookie = "kotacerdas_csrf=" .. token, action = action, fields = fields })
    end
  end
  assert(#jobs > 0, "empty manifest " .. args[2])
end

function request()
  n = n + 1
  local job = jobs[(n - 1) % #jobs + 1]
  local stamp = string.format("%d.%d", tid, n)
  if mode == "read" then
    return wrk.format("GET", job.path, { Cookie = job.cookie })
  elseif mode == "write" and job.kind == "edit" then
    local desc = field(job.fields, "description")
    desc.base = desc.base or desc.value
    desc.value = desc.base .. " (rev " .. stamp .. ")"
    field(job.fields, "_once").value = salt:sub(1, 56) .. string.format("%08x", n % 4294967296)
    return wrk.format("POST", job.action,
      { Cookie = job.cookie, ["Content-Type"] = "application/x-www-form-urlencoded" }, urlencoded(job.fields))
  elseif mode == "write" then
    field(job.fields, "narrative").value = text .. " (catatan " .. stamp .. ")"
    return wrk.format("POST", job.action,
      { Cookie = job.cookie, ["Content-Type"] = "multipart/form-data; boundary=" .. boundary }, multipart(job.fields))
  else
    field(job.fields, "title").value = "Internet publik di balai desa (" .. stamp .. ")"
    field(job.fields, "body").value = citizen_text
    local ip = string.format("fd00::%x:%x:%x", tid, math.floor(n / 65536), n % 65536) -- one per post
    return wrk.format("POST", job.action, {
      Cookie = job.cookie,
      ["Content-Type"] = "multipart/form-data; boundary=" .. boundary,
      ["X-Forwarded-For"] = ip,
    }, multipart(job.fields))
  end
end

local function fail(status, body)
  errors = errors + 1
  by_status[status] = (by_status[status] or 0) + 1
  local why = body and (body:match('<p lang="en" class="muted">(.-)</p>') or body:match('class="error%-message[^"]*"[^>]*>(.-)<'))
  if why and not reason_seen[status .. why] and #reasons < 400 then
    reason_seen[status .. why] = true
    reasons = reasons .. status .. ":" .. why:gsub("%s+", " "):gsub(";", ",") .. ";"
  end
  local s = {}
  for code, c in pairs(by_status) do table.insert(s, code .. "=" .. c) end
  statuses = table.concat(s, ",")
end

function response(status, headers, body)
  if mode == "read" then
    if status == 200 and not body:find("error-page", 1, true) then ok = ok + 1 else fail(status, body) end
    return
  end
  local to = headers["location"] or headers["Location"] or ""
  if status >= 300 and status < 400 and to ~= "" and to:sub(1, 6) ~= "/login" then
    ok = ok + 1
    local kind = to:find("/monitoring/my", 1, true) and "report" or to:find("/programmes/", 1, true) and "edit"
      or to:find("/masukan/", 1, true) and "input" or "other"
    by_kind[kind] = (by_kind[kind] or 0) + 1
    local k = {}
    for name, c in pairs(by_kind) do table.insert(k, name .. "=" .. c) end
    kinds = table.concat(k, ",")
  else
    fail(to ~= "" and (status .. "->" .. to:sub(1, 6)) or status, body)
  end
end

local function merge(into, list)
  for key, c in (list or ""):gmatch("([^,]+)=(%d+)") do into[key] = (into[key] or 0) + tonumber(c) end
end

local function show(label, counts)
  local out = {}
  for key, c in pairs(counts) do table.insert(out, key .. "=" .. c) end
  table.sort(out)
  return #out > 0 and (label .. ":" .. table.concat(out, ",")) or nil
end

function done(summary, latency, requests)
  local good, bad, done_by, status_by, why = 0, 0, {}, {}, ""
  for _, t in ipairs(threads) do
    good = good + (t:get("ok") or 0)
    bad = bad + (t:get("errors") or 0)
    merge(done_by, t:get("kinds"))
    merge(status_by, t:get("statuses"))
    why = why .. (t:get("reasons") or "")
  end
  local detail = {}
  table.insert(detail, show("done", done_by))
  table.insert(detail, show("status", status_by))
  if why ~= "" then table.insert(detail, "why:" .. why) end
  local e = summary.errors
  local sock = e.connect + e.read + e.write + e.timeout
  if sock > 0 then table.insert(detail, string.format("socket:connect=%d,read=%d,write=%d,timeout=%d",
    e.connect, e.read, e.write, e.timeout)) end
  local secs = summary.duration / 1e6
  io.write(string.format("KC %.1f %.1f %d %.1f %d %s\n", latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, good, good / secs, bad + sock, table.concat(detail, " ")))
end

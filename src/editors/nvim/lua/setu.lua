-- setu.lua — Neovim client of `setu serve`.
--
-- Starts `setu serve` once per session as a job, sends it JSON-lines
-- requests and shows the answers: the translation memory's best matches for
-- the current line (a floating window beside the cursor, or the quickfix
-- list), and the Latin spelling of the Devanagari word under the cursor.
-- With `auto = true` the current line is looked up as you type (after a
-- pause of `delay` ms); answers to superseded lookups are dropped, so a slow
-- answer never overwrites a newer one.
--
--   require('setu').setup({ tm = '~/tm', auto = true })
--   :SetuLookup      matches for the current line
--   :SetuReplace [N] replace the current line with match N's other language
--   :SetuInsert [N]  insert match N's other language below the current line
--   :SetuFocus       enter the matches window (<CR> replaces the line with
--                    the match under the cursor, o inserts it below, q closes)
--   :SetuTranslit    Latin spelling of the word under the cursor (or a range)
--   :SetuAdd [text]  store the current line with text (or the next line);
--                    which is Hindi is decided by script
--   :SetuStop        stop the server
--
-- Default key maps (normal mode; change any with `keys = { name = lhs }`,
-- turn one off with false, all with `keys = false`): <leader>sl lookup,
-- <leader>sr replace, <leader>si insert, <leader>sw enter the window,
-- <leader>st translit (replace), <leader>sa add with the next line.
local M = {}

M.config = {
  cmd = { 'setu', 'serve' }, -- the server command; --tm is added when tm is set
  tm = nil,                  -- the memory (default: setu's own: $SETU_TM, config)
  lang = nil,                -- 'en', 'hi', 'hi-Latn', or nil to guess from the script
  min = nil,                 -- score threshold 1-100 (nil: setu's default, 70)
  max = 5,                   -- matches to show
  scheme = nil,              -- transliteration scheme (nil: setu's default, names)
  memory = false,            -- translit: prefer name spellings attested in the memory
  display = 'float',         -- 'float' or 'quickfix'
  auto = false,              -- look up the current line as you type (insert mode)
  delay = 150,               -- ms of quiet before an automatic lookup
  timeout = 2000,            -- ms to wait in synchronous calls
  keys = {                   -- normal-mode maps; false turns one (or all) off
    lookup = '<leader>sl',
    replace = '<leader>sr',
    insert = '<leader>si',
    focus = '<leader>sw',
    translit = '<leader>st',
    add = '<leader>sa',
  },
}

local job = nil          -- the server's job id
local next_id = 0
local pending = {}       -- request id -> callback(answer)
local partial = ''       -- an answer line not yet complete
local latest_lookup = 0  -- only the newest lookup's answer is shown
local float_win = nil
local float_matches = {} -- the matches the window shows, in order
local float_source = nil -- { buf, line } the matches were looked up for
local timer = nil

local function notify(msg, level)
  vim.notify('setu: ' .. msg, level or vim.log.levels.INFO)
end

-- Job output arrives in chunks: the first item continues the previous
-- chunk's last line, and the last item is the start of an unfinished line.
local function on_stdout(_, data)
  data[1] = partial .. data[1]
  partial = table.remove(data)
  for _, line in ipairs(data) do
    if line ~= '' then
      local ok, answer = pcall(vim.json.decode, line)
      if ok and type(answer) == 'table' and answer.id ~= nil then
        local cb = pending[answer.id]
        pending[answer.id] = nil
        if cb then
          cb(answer)
        end
      else
        notify('unreadable answer: ' .. line, vim.log.levels.WARN)
      end
    end
  end
end

local function on_exit(_, code)
  job = nil
  pending = {}
  partial = ''
  if code ~= 0 then
    notify('server exited with status ' .. code, vim.log.levels.WARN)
  end
end

-- Starts the server if it is not running.  Returns true when it runs.
function M.start()
  if job then
    return true
  end
  local cmd = vim.deepcopy(M.config.cmd)
  if vim.fn.executable(cmd[1]) == 0 then
    notify(string.format("cannot find the program '%s'%s: install setu, or set cmd = "
                         .. "{ '/path/to/setu', 'serve' } in setup()", cmd[1],
                         cmd[1]:find('/') and '' or ' on $PATH'), vim.log.levels.ERROR)
    return false
  end
  if M.config.tm then
    table.insert(cmd, '--tm')
    table.insert(cmd, vim.fn.expand(M.config.tm))
  end
  local ok, id = pcall(vim.fn.jobstart, cmd, {
    on_stdout = on_stdout,
    on_stderr = function(_, data)
      local text = table.concat(data, '\n'):gsub('%s+$', '')
      if text ~= '' then
        notify(text, vim.log.levels.WARN)
      end
    end,
    on_exit = on_exit,
  })
  if not ok or id <= 0 then
    notify('cannot start ' .. table.concat(cmd, ' '), vim.log.levels.ERROR)
    return false
  end
  job = id
  return true
end

-- Stops the server: end of input makes it exit cleanly; one that does not
-- within half a second is killed.
function M.stop()
  if job then
    local id = job
    vim.fn.chanclose(id, 'stdin')
    if vim.fn.jobwait({ id }, 500)[1] == -1 then
      vim.fn.jobstop(id)
    end
    job = nil
  end
end

-- Sends one request; cb(answer) runs when its answer arrives.  Returns the
-- request's id, or nil when the server cannot be started.
function M.request(req, cb)
  if not M.start() then
    return nil
  end
  next_id = next_id + 1
  req.id = next_id
  pending[next_id] = cb or function() end
  vim.fn.chansend(job, vim.json.encode(req) .. '\n')
  return next_id
end

-- Sends one request and waits for its answer (nil after the timeout).
function M.request_sync(req, timeout)
  local answer = nil
  if not M.request(req, function(a) answer = a end) then
    return nil
  end
  vim.wait(timeout or M.config.timeout, function() return answer ~= nil end, 5)
  return answer
end

local function error_text(answer)
  return answer.error.code .. ': ' .. (answer.error.message or '')
end

-- Devanagari letters minus Latin letters: > 0 for Hindi text.  (Devanagari
-- is U+0900-U+097F, in UTF-8 E0 A4 80 to E0 A5 BF; danda and digits,
-- U+0964-U+096F, count for neither.)
function M.script_balance(text)
  local deva = 0
  for c in text:gmatch('\224[\164\165][\128-\191]') do
    local cp = (c:byte(2) - 0xA4) * 64 + (c:byte(3) - 0x80)
    if cp < 0x64 or cp > 0x6F then
      deva = deva + 1
    end
  end
  local _, latin = text:gsub('%a', '')
  return deva - latin
end

-- The side of a match in the other language than text.
function M.other_side(match, text)
  return M.script_balance(text) > 0 and match.en or match.hi
end

-- The lines shown for a list of matches.
function M.format_matches(matches)
  local lines = {}
  for _, m in ipairs(matches) do
    table.insert(lines, string.format('%3d%%  %s', m.score, m.en))
    table.insert(lines, string.format('      %s', m.hi))
  end
  return lines
end

local function close_float()
  if float_win and vim.api.nvim_win_is_valid(float_win) then
    vim.api.nvim_win_close(float_win, true)
  end
  float_win = nil
end

-- Puts match n's other language in place of the source line, or below it.
local function use_match(n, below)
  local src = float_source
  local m = float_matches[n]
  if not (m and src and vim.api.nvim_buf_is_valid(src.buf)) then
    return
  end
  local text = vim.api.nvim_buf_get_lines(src.buf, src.line - 1, src.line, false)[1] or ''
  local repl = M.other_side(m, text)
  close_float()
  if below then
    vim.api.nvim_buf_set_lines(src.buf, src.line, src.line, false, { repl })
  else
    vim.api.nvim_buf_set_lines(src.buf, src.line - 1, src.line, false, { repl })
  end
end

local function show_float(lines)
  close_float()
  local buf = vim.api.nvim_create_buf(false, true)
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
  vim.bo[buf].modifiable = false
  -- In the window (:SetuFocus): each match is two lines.
  local function at_cursor()
    return math.floor((vim.api.nvim_win_get_cursor(0)[1] - 1) / 2) + 1
  end
  local function map(lhs, fn)
    vim.keymap.set('n', lhs, fn, { buffer = buf, nowait = true, silent = true })
  end
  map('<CR>', function() use_match(at_cursor(), false) end)
  map('o', function() use_match(at_cursor(), true) end)
  map('q', close_float)
  map('<Esc>', close_float)
  local width = 10
  for _, l in ipairs(lines) do
    width = math.max(width, vim.fn.strdisplaywidth(l))
  end
  float_win = vim.api.nvim_open_win(buf, false, {
    relative = 'cursor', row = 1, col = 0, style = 'minimal', border = 'single',
    width = math.min(width, math.max(20, vim.o.columns - 4)),
    height = math.min(#lines, math.max(1, vim.o.lines - 4)),
  })
  -- The window goes away when the cursor moves on in the text (not while
  -- typing: the next automatic lookup replaces it; not when the cursor
  -- enters the window).
  local origin = vim.api.nvim_get_current_buf()
  vim.api.nvim_create_autocmd({ 'CursorMoved', 'InsertLeave' }, {
    buffer = origin, once = true,
    callback = function()
      if vim.api.nvim_get_current_win() ~= float_win then
        close_float()
      end
    end,
  })
end

-- Enters the matches window, to copy from it or pick a match.
function M.focus()
  if float_win and vim.api.nvim_win_is_valid(float_win) then
    vim.api.nvim_set_current_win(float_win)
    return true
  end
  notify('no matches window: look a line up first (:SetuLookup)')
  return false
end

-- Shows matches as configured: a floating window or the quickfix list.
function M.show_matches(matches, text)
  if M.config.display == 'quickfix' then
    local items = {}
    for _, m in ipairs(matches) do
      table.insert(items, { text = string.format('%d%% %s | %s', m.score, m.en, m.hi) })
    end
    vim.fn.setqflist({}, 'r', { title = 'setu: ' .. text, items = items })
    return
  end
  if #matches == 0 then
    close_float()
    return
  end
  float_matches = matches
  float_source = { buf = vim.api.nvim_get_current_buf(), line = vim.api.nvim_win_get_cursor(0)[1] }
  show_float(M.format_matches(matches))
end

-- Looks text up; cb(matches) or, by default, shows them.
function M.lookup(text, cb)
  local req = { op = 'lookup', text = text, max = M.config.max }
  req.lang = M.config.lang
  req.min = M.config.min
  local id
  id = M.request(req, function(answer)
    if id ~= latest_lookup then
      return -- a newer lookup is on its way
    end
    if answer.error then
      notify(error_text(answer), vim.log.levels.WARN)
      return
    end
    if cb then
      cb(answer.matches)
    else
      M.show_matches(answer.matches, text)
    end
  end)
  latest_lookup = id or latest_lookup
  return id
end

function M.lookup_line()
  local line = vim.api.nvim_get_current_line()
  if line:match('^%s*$') then
    return nil
  end
  return M.lookup(line)
end

-- Sends a request and waits for a good answer: nil after a timeout or an
-- error answer, both reported.
local function ask(req)
  local answer = M.request_sync(req)
  if not answer then
    notify('no answer from the server', vim.log.levels.WARN)
    return nil
  end
  if answer.error then
    notify(error_text(answer), vim.log.levels.WARN)
    return nil
  end
  return answer
end

-- The best matches for text, synchronously (nil after an error, reported).
function M.matches_sync(text)
  local answer = ask({ op = 'lookup', text = text, max = M.config.max,
                       lang = M.config.lang, min = M.config.min })
  return answer and answer.matches
end

-- Replaces the current line with match n's other language (below: inserts
-- it under the line).  Returns the text used, or nil.
function M.use_best(n, below)
  local line = vim.api.nvim_get_current_line()
  if line:match('^%s*$') then
    return nil
  end
  local matches = M.matches_sync(line)
  local m = matches and matches[n or 1]
  if not m then
    if matches then
      notify('no match for this line')
    end
    return nil
  end
  local row = vim.api.nvim_win_get_cursor(0)[1]
  local repl = M.other_side(m, line)
  if below then
    vim.api.nvim_buf_set_lines(0, row, row, false, { repl })
  else
    vim.api.nvim_buf_set_lines(0, row - 1, row, false, { repl })
  end
  return repl
end

-- Stores a pair: the current line and other (default: the next line);
-- the Devanagari one is the Hindi side.  Returns the answer, or nil.
function M.add(other)
  local line = vim.api.nvim_get_current_line()
  if not other or other == '' then
    local row = vim.api.nvim_win_get_cursor(0)[1]
    other = vim.api.nvim_buf_get_lines(0, row, row + 1, false)[1] or ''
  end
  local a, b = vim.trim(line), vim.trim(other)
  local ha, hb = M.script_balance(a) > 0, M.script_balance(b) > 0
  if a == '' or b == '' or ha == hb then
    notify('add needs one Hindi and one English text (got '
           .. (ha and 'Hindi' or 'English') .. ' and ' .. (hb and 'Hindi' or 'English') .. ')',
           vim.log.levels.WARN)
    return nil
  end
  local answer = M.request_sync({ op = 'add', hi = ha and a or b, en = ha and b or a })
  if answer and answer.error then
    notify(error_text(answer), vim.log.levels.WARN)
  elseif answer then
    notify((answer.added and 'added unit ' or 'already stored as unit ') .. answer.unit)
  end
  return answer
end

-- Transliterates text and returns the Latin spelling (synchronously: it is
-- asked for on demand), or nil after an error.
function M.translit(text)
  local answer = ask({ op = 'translit', text = text, scheme = M.config.scheme,
                       memory = M.config.memory or nil })
  return answer and answer.text
end

-- :SetuTranslit: the word under the cursor, or the lines of a range.
-- With a bang the text is replaced by its spelling.
local function translit_command(opts)
  local text
  if opts.range > 0 then
    text = table.concat(vim.api.nvim_buf_get_lines(0, opts.line1 - 1, opts.line2, false), '\n')
  else
    text = vim.fn.expand('<cWORD>')
  end
  local latin = M.translit(text)
  if not latin then
    return
  end
  if opts.bang and opts.range > 0 then
    vim.api.nvim_buf_set_lines(0, opts.line1 - 1, opts.line2, false, vim.split(latin, '\n'))
  elseif opts.bang then
    vim.cmd('normal! ciW' .. latin)
  else
    notify(text .. ' → ' .. latin)
  end
end

local function schedule_lookup()
  if timer then
    timer:stop()
  else
    timer = vim.loop.new_timer()
  end
  timer:start(M.config.delay, 0, vim.schedule_wrap(M.lookup_line))
end

function M.setup(opts)
  local keys = M.config.keys
  M.config = vim.tbl_extend('force', M.config, opts or {})
  -- A table of keys changes the maps it names and keeps the others.
  if type(keys) == 'table' and type((opts or {}).keys) == 'table' then
    M.config.keys = vim.tbl_extend('force', keys, opts.keys)
  end
  vim.api.nvim_create_user_command('SetuLookup', function() M.lookup_line() end, {})
  vim.api.nvim_create_user_command('SetuTranslit', translit_command, { range = true, bang = true })
  vim.api.nvim_create_user_command('SetuAdd', function(o) M.add(o.args) end, { nargs = '*' })
  vim.api.nvim_create_user_command('SetuReplace', function(o)
    M.use_best(tonumber(o.args) or 1, false)
  end, { nargs = '?' })
  vim.api.nvim_create_user_command('SetuInsert', function(o)
    M.use_best(tonumber(o.args) or 1, true)
  end, { nargs = '?' })
  vim.api.nvim_create_user_command('SetuFocus', M.focus, {})
  vim.api.nvim_create_user_command('SetuStop', M.stop, {})
  if M.config.keys then
    local actions = {
      lookup = { M.lookup_line, 'setu: matches for the line' },
      replace = { function() M.use_best(1, false) end, 'setu: replace the line with the best match' },
      insert = { function() M.use_best(1, true) end, 'setu: insert the best match below' },
      focus = { M.focus, 'setu: enter the matches window' },
      translit = { function() vim.cmd('SetuTranslit!') end, 'setu: transliterate the word' },
      add = { function() M.add() end, 'setu: add the line and the next one' },
    }
    for name, lhs in pairs(M.config.keys) do
      if lhs and actions[name] then
        vim.keymap.set('n', lhs, actions[name][1], { desc = actions[name][2], silent = true })
      end
    end
  end
  local group = vim.api.nvim_create_augroup('setu', { clear = true })
  if M.config.auto then
    vim.api.nvim_create_autocmd({ 'TextChangedI', 'TextChangedP' }, {
      group = group, callback = schedule_lookup,
    })
  end
  vim.api.nvim_create_autocmd('VimLeavePre', { group = group, callback = M.stop })
end

return M

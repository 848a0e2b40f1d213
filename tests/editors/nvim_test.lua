-- nvim_test.lua — drives src/editors/nvim/lua/setu.lua in a headless Neovim
-- against a real `setu serve` (run by tests/cli/t_editor_nvim.sh, which sets
-- SETU, SETU_TEST_TM, SETU_TEST_QUERY, SETU_TEST_WANT and SETU_TEST_LATIN).
-- Each check writes "ok"/"FAIL" lines to stdout; Neovim exits 0 only when
-- every check passed.
local failures = 0

local function check(name, cond, detail)
  if cond then
    io.stdout:write('ok   ' .. name .. '\n')
  else
    failures = failures + 1
    io.stdout:write('FAIL ' .. name .. ': ' .. tostring(detail) .. '\n')
  end
end

local function wait_for(pred)
  return vim.wait(5000, pred, 10)
end

local function main()
  local setu = require('setu')
  setu.setup({ cmd = { os.getenv('SETU'), 'serve' }, tm = os.getenv('SETU_TEST_TM'),
               display = 'quickfix' })
  local query = os.getenv('SETU_TEST_QUERY')
  local want = os.getenv('SETU_TEST_WANT')

  -- translit of the word under the cursor, and :SetuTranslit! replacing it
  local latin = setu.translit('कमल')
  check('translit', latin == os.getenv('SETU_TEST_LATIN'), latin)
  vim.api.nvim_buf_set_lines(0, 0, -1, false, { 'कमल' })
  vim.api.nvim_win_set_cursor(0, { 1, 0 })
  vim.cmd('SetuTranslit!')
  local line = vim.api.nvim_get_current_line()
  check(':SetuTranslit! replaces the word', line == os.getenv('SETU_TEST_LATIN'), line)

  -- lookup of the current line into the quickfix list
  vim.api.nvim_buf_set_lines(0, 0, -1, false, { query })
  vim.cmd('SetuLookup')
  wait_for(function() return #vim.fn.getqflist() > 0 end)
  local qf = vim.fn.getqflist()
  check('quickfix has the match', #qf >= 1 and qf[1].text == want,
        #qf >= 1 and qf[1].text or 'no items')
  check('quickfix title names the query',
        vim.fn.getqflist({ title = 1 }).title == 'setu: ' .. query,
        vim.fn.getqflist({ title = 1 }).title)

  -- the same lookup in a floating window
  setu.config.display = 'float'
  setu.lookup_line()
  local float_lines
  wait_for(function()
    for _, win in ipairs(vim.api.nvim_list_wins()) do
      if vim.api.nvim_win_get_config(win).relative ~= '' then
        float_lines = vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(win), 0, -1, false)
        return true
      end
    end
    return false
  end)
  check('floating window shows the match', float_lines ~= nil and
        float_lines[1] == string.format('%3d%%  %s', tonumber(want:match('^(%d+)')),
                                        want:match('^%d+%% (.-) | ')),
        float_lines and table.concat(float_lines, ' / ') or 'no floating window')

  -- a superseded lookup's answer is dropped: only the newest one is shown
  setu.config.display = 'quickfix'
  vim.fn.setqflist({}, 'r', { title = 'empty', items = {} })
  local shown = {}
  setu.lookup('first query', function(m) table.insert(shown, 'first') end)
  setu.lookup(query, function(m) table.insert(shown, 'second:' .. #m) end)
  wait_for(function() return #shown > 0 end)
  vim.wait(200)
  check('only the newest lookup is shown', #shown == 1 and shown[1]:match('^second'),
        table.concat(shown, ','))

  -- :SetuAdd stores the current line with its English; a lookup finds it
  vim.api.nvim_buf_set_lines(0, 0, -1, false, { 'नया वाक्य यहाँ है' })
  vim.cmd('SetuAdd A new sentence is here')
  local found
  setu.lookup('A new sentence is here', function(m) found = m end)
  wait_for(function() return found ~= nil end)
  check(':SetuAdd then lookup', found and #found >= 1 and found[1].score == 100
        and found[1].hi == 'नया वाक्य यहाँ है', found and vim.inspect(found) or 'no answer')

  -- auto: a change in insert mode looks the line up after the delay
  setu.setup({ auto = true, delay = 10, display = 'quickfix' })
  vim.fn.setqflist({}, 'r', { title = 'empty', items = {} })
  vim.api.nvim_buf_set_lines(0, 0, -1, false, { query })
  vim.api.nvim_exec_autocmds('TextChangedI', {})
  wait_for(function() return #vim.fn.getqflist() > 0 end)
  qf = vim.fn.getqflist()
  check('auto lookup as you type', #qf >= 1 and qf[1].text == want,
        #qf >= 1 and qf[1].text or 'no items')

  -- memory = true: a name attested by a stored pair wins over the rules
  setu.request_sync({ op = 'add', hi = 'सौरव गांगुली ने कहा कि टीम अच्छा खेली।',
                      en = 'Sourav Ganguly said the team played well.' })
  setu.config.memory = true
  latin = setu.translit('सौरव')
  setu.config.memory = false
  check('translit with memory = true', latin == 'Sourav', latin)

  -- errors are reported, not thrown
  local answer = setu.request_sync({ op = 'lookup', text = 'x', lang = 'fr' })
  check('error answers reach the caller', answer and answer.error
        and answer.error.code == 'bad_field', answer and vim.inspect(answer))

  -- :SetuReplace and :SetuInsert put the best match's other language in
  vim.api.nvim_buf_set_lines(0, 0, -1, false, { query, 'next' })
  vim.api.nvim_win_set_cursor(0, { 1, 0 })
  vim.cmd('SetuInsert')
  local buf_lines = vim.api.nvim_buf_get_lines(0, 0, -1, false)
  check(':SetuInsert puts the match below', buf_lines[2] == 'प्रधानमंत्री ने राजदूत से मुलाकात की।'
        and buf_lines[1] == query and buf_lines[3] == 'next', buf_lines)
  vim.cmd('SetuReplace')
  buf_lines = vim.api.nvim_buf_get_lines(0, 0, -1, false)
  check(':SetuReplace replaces the line', buf_lines[1] == 'प्रधानमंत्री ने राजदूत से मुलाकात की।',
        buf_lines)
  -- and the other way round: a Hindi line gets the English
  vim.api.nvim_buf_set_lines(0, 0, -1, false, { 'प्रधानमंत्री ने राजदूत से मुलाकात की।' })
  vim.cmd('SetuReplace')
  check(':SetuReplace on Hindi gives the English',
        vim.api.nvim_get_current_line() == 'The prime minister met the ambassador.',
        vim.api.nvim_get_current_line())

  -- the window can be entered; <CR> there replaces the line with that match
  setu.config.display = 'float'
  vim.api.nvim_buf_set_lines(0, 0, -1, false, { query })
  vim.api.nvim_win_set_cursor(0, { 1, 0 })
  local text_win = vim.api.nvim_get_current_win()
  setu.lookup_line()
  wait_for(function()
    for _, win in ipairs(vim.api.nvim_list_wins()) do
      if vim.api.nvim_win_get_config(win).relative ~= '' then
        return true
      end
    end
  end)
  vim.cmd('SetuFocus')
  local in_float = vim.api.nvim_win_get_config(0).relative ~= ''
  check(':SetuFocus enters the window', in_float, vim.api.nvim_win_get_config(0))
  if in_float then
    vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes('<CR>', true, false, true), 'x', false)
  end
  check('<CR> in the window replaces the line', vim.api.nvim_get_current_win() == text_win and
        vim.api.nvim_buf_get_lines(0, 0, 1, false)[1] == 'प्रधानमंत्री ने राजदूत से मुलाकात की।',
        vim.api.nvim_buf_get_lines(0, 0, -1, false))

  -- add: the sides are decided by script (English line, Hindi next line)
  vim.api.nvim_buf_set_lines(0, 0, -1, false, { 'The river is wide.', 'नदी चौड़ी है।' })
  vim.api.nvim_win_set_cursor(0, { 1, 0 })
  local added = setu.add()
  check('add with the next line', added and added.added, added)
  local pair
  setu.lookup('The river is wide.', function(m) pair = m end)
  wait_for(function() return pair ~= nil end)
  check('add stored English as en and Hindi as hi', pair and pair[1] and pair[1].score == 100
        and pair[1].hi == 'नदी चौड़ी है।' and pair[1].en == 'The river is wide.', pair)
  check('add refuses two English lines', setu.add('Another English line.') == nil, 'added')

  -- default key maps, changeable one by one
  check('default key map', vim.fn.maparg('<leader>sr', 'n') ~= '', vim.fn.maparg('<leader>sr', 'n'))
  setu.setup({ keys = { replace = '<leader>R' }, display = 'quickfix' })
  check('a changed key map', vim.fn.maparg('<leader>R', 'n') ~= ''
        and vim.fn.maparg('<leader>si', 'n') ~= '', vim.fn.maparg('<leader>R', 'n'))

  setu.stop()

  -- a missing program is named, not "cannot start"
  local said
  local notify = vim.notify
  vim.notify = function(msg) said = msg end
  setu.config.cmd = { 'setu-not-installed-here', 'serve' }
  local started = setu.start()
  vim.notify = notify
  check('a missing setu is named', not started and said and
        said:find("cannot find the program 'setu-not-installed-here' on $PATH", 1, true), said)
end

local ok, err = pcall(main)
check('no Lua error', ok, err)
io.stdout:flush()
vim.cmd(failures == 0 and 'qall!' or 'cquit! 1')

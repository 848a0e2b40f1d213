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

  setu.stop()
end

local ok, err = pcall(main)
check('no Lua error', ok, err)
io.stdout:flush()
vim.cmd(failures == 0 and 'qall!' or 'cquit! 1')

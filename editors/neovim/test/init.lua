-- Test driver for editors/neovim/sextant.lua: drives Neovim's own LSP client against the
-- real `sextant` binary and writes what each command produced to a JSON file, which
-- clients/pytest/test_neovim.py checks.
--
--   SEXTANT_TEST_SPEC=spec.json nvim --headless -n -i NONE --noplugin -u editors/neovim/test/init.lua
--
-- The spec (written by clients/pytest/editor_workspace.py) names the binary, the workspace,
-- its index directory, the function and its renamed copy, and the output file. Every wait is
-- bounded; whatever happens, the output is written and Neovim quits.
local here = debug.getinfo(1, "S").source:sub(2):match("(.*)/test/[^/]*$")
package.path = here .. "/?.lua;" .. package.path
vim.cmd("filetype on")
vim.o.swapfile = false
vim.o.more = false

local levels = vim.log.levels
local spec = vim.fn.json_decode(table.concat(vim.fn.readfile(os.getenv("SEXTANT_TEST_SPEC")), "\n"))
local out = { editor = "neovim", version = vim.fn.execute("version"):match("NVIM v[^\n]+"), steps = {}, notes = {}, failures = {} }

-- Every message the plugin shows, with its level.
vim.notify = function(message, level)
  table.insert(out.notes, { message = tostring(message), level = level or levels.INFO })
end

local WAIT_MS = 20000

local function wait_for(what, condition, ms)
  if not vim.wait(ms or WAIT_MS, condition, 50) then
    error("timed out waiting for " .. what, 0)
  end
end

local function quickfix()
  local list = vim.fn.getqflist({ title = 1, items = 1 })
  local items = {}
  for _, item in ipairs(list.items) do
    table.insert(items, { filename = vim.fn.fnamemodify(vim.fn.bufname(item.bufnr), ":p"), lnum = item.lnum, col = item.col, text = item.text })
  end
  return { title = list.title, items = items }
end

-- Runs an Ex command that fills the quickfix list asynchronously, and waits for the new list.
local function quickfix_step(name, command)
  vim.fn.setqflist({}, " ", { title = "(waiting)" })
  local seen = #out.notes
  local started = vim.loop.hrtime()
  vim.cmd(command)
  local failed
  wait_for(name .. " (" .. command .. ")", function()
    for index = seen + 1, #out.notes do
      if out.notes[index].level == levels.ERROR then failed = out.notes[index].message end
    end
    return failed ~= nil or vim.fn.getqflist({ title = 1 }).title ~= "(waiting)"
  end)
  if failed then error(command .. " failed: " .. failed, 0) end
  local step = quickfix()
  step.command = command
  step.ms = (vim.loop.hrtime() - started) / 1e6
  out.steps[name] = step
  return step
end

-- Runs a command that should end with a notification at `level`; records the first new one.
local function notify_step(name, command, level)
  local seen = #out.notes
  vim.cmd(command)
  local found
  wait_for(name .. " (" .. command .. ")", function()
    for index = seen + 1, #out.notes do
      if out.notes[index].level == level then
        found = out.notes[index]
        return true
      end
    end
    return false
  end)
  out.steps[name] = { command = command, message = found.message, level = found.level }
end

-- The status answer, or nil when the client is not ready yet.
local function status()
  local answer
  local sent = require("sextant").request("sextant/status", vim.empty_dict(), function(result) answer = result end)
  if not sent then return nil end
  wait_for("sextant/status", function() return answer ~= nil end, 10000)
  return answer
end

local function run()
  local sextant = require("sextant")
  sextant.setup({
    cmd = { spec.binary },
    init_options = { indexDir = spec.indexDir, reindexDelayMs = 50 },
  })
  vim.cmd("edit " .. vim.fn.fnameescape(spec.original.path))
  wait_for("the sextant client to attach", function()
    local attached = vim.lsp.get_clients and vim.lsp.get_clients({ bufnr = 0, name = "sextant" })
      or vim.tbl_values(vim.lsp.buf_get_clients(0))
    return #attached > 0
  end)
  -- The workspace was indexed before Neovim started; the server checks it again on start.
  local deadline = vim.loop.now() + 60000
  while true do
    local answer = status()
    if answer and answer.indexing == false and (answer.coverage or 0) >= 1 then break end
    if vim.loop.now() > deadline then error("indexing did not finish: " .. vim.inspect(answer), 0) end
    vim.wait(200)
  end

  -- From here on, each step's failure is recorded and the next step runs.
  local function step(name, body)
    local ok, problem = xpcall(body, debug.traceback)
    if not ok then table.insert(out.failures, name .. ": " .. tostring(problem)) end
  end

  step("status", function() notify_step("status", "SextantStatus", levels.INFO) end)

  step("workspaceSymbol", function()
    -- workspace/symbol through Neovim's own handler (a quickfix list).
    vim.fn.setqflist({}, " ", { title = "(waiting)" })
    vim.lsp.buf.workspace_symbol(spec.symbolQuery)
    wait_for("workspace/symbol", function() return vim.fn.getqflist({ title = 1 }).title ~= "(waiting)" end)
    out.steps.workspaceSymbol = quickfix()
  end)

  step("search", function() quickfix_step("search", "SextantSearch " .. spec.query) end)

  step("similarCursor", function()
    -- The declaration under the cursor: a line inside dedent's body.
    vim.cmd("cclose")
    vim.cmd("edit " .. vim.fn.fnameescape(spec.original.path))
    vim.api.nvim_win_set_cursor(0, { spec.original.bodyLine + 1, spec.original.bodyColumn + 2 })
    quickfix_step("similarCursor", "SextantSimilar")
    -- Jump to the first hit from the quickfix list.
    vim.cmd("cfirst")
    out.steps.jump = { file = vim.api.nvim_buf_get_name(0), line = vim.api.nvim_win_get_cursor(0)[1] }
  end)

  step("similarRange", function()
    -- A range of lines of dedent's body, as `:'<,'>SextantSimilar` sends it after a visual selection.
    vim.cmd("cclose")
    vim.cmd("edit " .. vim.fn.fnameescape(spec.original.path))
    vim.api.nvim_win_set_cursor(0, { spec.original.range[1], 0 })
    -- Leaving visual mode with <Esc> sets the '< and '> marks.
    vim.cmd("normal! V" .. (spec.original.range[2] - spec.original.range[1]) .. "j\27")
    out.steps.visualMarks = { vim.api.nvim_buf_get_mark(0, "<")[1], vim.api.nvim_buf_get_mark(0, ">")[1] }
    quickfix_step("similarRange", "'<,'>SextantSimilar")
  end)

  step("errors", function()
    -- A server error (a selection of a blank line holds no text) is a notification, not a traceback.
    vim.cmd("cclose")
    vim.cmd("edit " .. vim.fn.fnameescape(spec.original.path))
    notify_step("similarError", spec.blankLine .. "," .. spec.blankLine .. "SextantSimilar", levels.ERROR)
    notify_step("duplicatesBadArgument", "SextantDuplicates lots", levels.ERROR)
    notify_step("duplicatesServerError", "SextantDuplicates 0.2", levels.ERROR)
  end)

  step("duplicates", function() quickfix_step("duplicates", "SextantDuplicates " .. spec.minScore) end)
end

local function write_and_quit()
  out.messages = vim.fn.execute("messages")
  out.errmsg = vim.v.errmsg
  vim.fn.writefile({ vim.fn.json_encode(out) }, spec.out)
  vim.cmd("qall!")
end

local function finish()
  local ok, problem = xpcall(run, debug.traceback)
  out.ok = ok
  if not ok then out.error = tostring(problem) end
  write_and_quit()
end

-- Whatever happens, the run ends (timers also fire inside vim.wait).
vim.defer_fn(function()
  out.ok = false
  out.error = "watchdog: the run took over 80 s"
  write_and_quit()
end, 80000)

vim.api.nvim_create_autocmd("VimEnter", { once = true, callback = function() vim.schedule(finish) end })

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

-- Runs `command` (an Ex command, or a function and its description) that fills the quickfix
-- list asynchronously, and waits for the new list.
local function perform(command)
  if type(command) == "table" then
    command[1]()
    return command[2]
  end
  vim.cmd(command)
  return command
end

local function quickfix_step(name, command)
  vim.fn.setqflist({}, " ", { title = "(waiting)" })
  local seen = #out.notes
  local started = vim.loop.hrtime()
  command = perform(command)
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
  command = perform(command)
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

-- The sextant client of textwrap.py's buffer, and that buffer.
local function sextant_client()
  local bufnr = vim.fn.bufnr(spec.original.path)
  local attached = vim.lsp.get_clients and vim.lsp.get_clients({ bufnr = bufnr, name = "sextant" })
    or vim.tbl_values(vim.lsp.buf_get_clients(bufnr))
  return attached[1] or error("no sextant client in textwrap.py's buffer", 0), bufnr
end

-- Back in textwrap.py's window (Neovim's own LSP commands ask the clients of the current
-- buffer, and each quickfix list leaves its window current).
local function focus_original()
  vim.cmd("cclose")
  vim.cmd("edit " .. vim.fn.fnameescape(spec.original.path))
end

-- A request on the client with a handler of its own: the answer as the server gave it.
local function raw_request(method, params)
  local c, bufnr = sextant_client()
  local done, answer, problem
  local function handler(err, result)
    done, answer, problem = true, result, err
  end
  if vim.fn.has("nvim-0.11") == 1 then
    c:request(method, params, handler, bufnr)
  else
    c.request(method, params, handler, bufnr)
  end
  wait_for(method, function() return done end)
  if problem then error(method .. ": " .. vim.inspect(problem), 0) end
  return answer
end

-- What a workspace/executeCommand answer of sextant.search or sextant.findSimilar holds.
local function answer_summary(result)
  local items = {}
  for _, item in ipairs(result.items or {}) do
    table.insert(items, {
      name = item.name, file = vim.uri_to_fname(item.uri), line = item.range.start.line, score = item.score,
      keywordScore = item.keywordScore, similarity = item.similarity,
    })
  end
  local keys = vim.tbl_keys(result)
  table.sort(keys)
  return { keys = keys, coverage = result.coverage, items = items }
end

-- Code actions as Neovim offers them: vim.ui.select gets the list; this picks the one titled
-- `title` (and records every title offered), as a user would.
local offered
local function pick_code_action(title)
  offered = nil
  vim.ui.select = function(items, opts, on_choice)
    offered = {}
    local chosen
    for _, item in ipairs(items) do
      local shown = opts and opts.format_item and opts.format_item(item) or tostring(item)
      table.insert(offered, shown)
      if not chosen and shown:find(title, 1, true) then chosen = item end
    end
    on_choice(chosen)
  end
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

  step("workspaceSymbolPhrase", function()
    -- A phrase of several words: the declarations it describes, through the same request.
    focus_original()
    vim.fn.setqflist({}, " ", { title = "(waiting)" })
    vim.lsp.buf.workspace_symbol(spec.symbolPhrase)
    wait_for("workspace/symbol", function() return vim.fn.getqflist({ title = 1 }).title ~= "(waiting)" end)
    out.steps.workspaceSymbolPhrase = quickfix()
  end)

  step("search", function() quickfix_step("search", "SextantSearch " .. spec.query) end)

  step("codeActionAnswer", function()
    -- textDocument/codeAction at the cursor (an empty range) and the command it offers, run
    -- through workspace/executeCommand with a handler of the test's own: the raw answers.
    focus_original()
    local position = { line = spec.original.bodyLine, character = spec.original.bodyColumn + 2 }
    local actions = raw_request("textDocument/codeAction", {
      textDocument = { uri = vim.uri_from_bufnr(0) },
      range = { start = position, ["end"] = position },
      context = { diagnostics = {} },
    })
    local action = actions[1] or error("no code action", 0)
    local result = raw_request("workspace/executeCommand", { command = action.command, arguments = action.arguments })
    out.steps.codeActionAnswer = { actions = actions, result = answer_summary(result) }
  end)

  step("codeActionCursor", function()
    -- The editor's own way: vim.lsp.buf.code_action() at the cursor in dedent's body, the user
    -- picks "Find similar code", Neovim runs the command; sextant.lua's handler of
    -- workspace/executeCommand fills the quickfix list.
    focus_original()
    vim.api.nvim_win_set_cursor(0, { spec.original.bodyLine + 1, spec.original.bodyColumn + 2 })
    pick_code_action("Find similar code")
    quickfix_step("codeActionCursor", { function() vim.lsp.buf.code_action() end, "vim.lsp.buf.code_action()" })
    out.steps.codeActionCursor.offered = offered
  end)

  step("codeActionRange", function()
    -- The same on a characterwise selection of dedent's body (the range API of this version).
    focus_original()
    vim.api.nvim_win_set_cursor(0, { spec.original.range[1], spec.original.bodyColumn })
    vim.cmd("normal! v" .. (spec.original.range[2] - spec.original.range[1]) .. "jg_\27")
    local first, last = vim.api.nvim_buf_get_mark(0, "<"), vim.api.nvim_buf_get_mark(0, ">")
    out.steps.codeActionMarks = { first, last }
    pick_code_action("Find similar code")
    if vim.fn.has("nvim-0.9") == 1 then
      quickfix_step("codeActionRange", { function() vim.lsp.buf.code_action({ range = { start = first, ["end"] = last } }) end,
        "vim.lsp.buf.code_action({range})" })
    else
      quickfix_step("codeActionRange", { function() vim.lsp.buf.range_code_action(nil, first, last) end,
        "vim.lsp.buf.range_code_action()" })
    end
    out.steps.codeActionRange.offered = offered
  end)

  step("executeSearch", function()
    -- workspace/executeCommand sextant.search as the editor sends a server command: the
    -- answer lands in sextant.lua's handler (the quickfix list); and the raw answer.
    focus_original()
    local command = { command = "sextant.search", arguments = { { query = spec.query, mode = "lexical" } } }
    if vim.fn.has("nvim-0.11") == 1 then
      quickfix_step("executeSearch", { function() sextant_client():exec_cmd(command, { bufnr = vim.fn.bufnr(spec.original.path) }) end, "client:exec_cmd" })
    else
      quickfix_step("executeSearch", { function() vim.lsp.buf.execute_command(command) end, "vim.lsp.buf.execute_command" })
    end
    out.steps.executeSearch.result = answer_summary(raw_request("workspace/executeCommand", command))
  end)

  step("executeUnknown", function()
    -- An unknown command reaches the server (since 0.11 exec_cmd refuses commands the server
    -- did not advertise, so the request goes out as vim.lsp.buf.execute_command sent it before)
    -- and its error is an ERROR notification.
    focus_original()
    local command = { command = spec.unknownCommand }
    if vim.fn.has("nvim-0.11") == 1 then
      notify_step("executeUnknown", { function() sextant_client():request("workspace/executeCommand", command, nil, vim.fn.bufnr(spec.original.path)) end,
        "client:request(workspace/executeCommand)" }, levels.ERROR)
    else
      notify_step("executeUnknown", { function() vim.lsp.buf.execute_command(command) end, "vim.lsp.buf.execute_command" },
        levels.ERROR)
    end
  end)

  step("similarCursor", function()
    -- The declaration under the cursor: a line inside dedent's body.
    focus_original()
    vim.api.nvim_win_set_cursor(0, { spec.original.bodyLine + 1, spec.original.bodyColumn + 2 })
    quickfix_step("similarCursor", "SextantSimilar")
    -- Jump to the first hit from the quickfix list.
    vim.cmd("cfirst")
    out.steps.jump = { file = vim.api.nvim_buf_get_name(0), line = vim.api.nvim_win_get_cursor(0)[1] }
  end)

  step("similarRange", function()
    -- A range of lines of dedent's body, as `:'<,'>SextantSimilar` sends it after a visual selection.
    focus_original()
    vim.api.nvim_win_set_cursor(0, { spec.original.range[1], 0 })
    -- Leaving visual mode with <Esc> sets the '< and '> marks.
    vim.cmd("normal! V" .. (spec.original.range[2] - spec.original.range[1]) .. "j\27")
    out.steps.visualMarks = { vim.api.nvim_buf_get_mark(0, "<")[1], vim.api.nvim_buf_get_mark(0, ">")[1] }
    quickfix_step("similarRange", "'<,'>SextantSimilar")
  end)

  step("errors", function()
    -- A server error (a selection of a blank line holds no text) is a notification, not a traceback.
    focus_original()
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

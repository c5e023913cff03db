-- Sextant for Neovim's built-in LSP client (Neovim 0.7 or later).
--
-- Put this file on your runtimepath (for example ~/.config/nvim/lua/sextant.lua) and call
--   require("sextant").setup({ cmd = { "/path/to/sextant" } })
-- from init.lua. Then:
--   :lua vim.lsp.buf.workspace_symbol()      fuzzy symbols across the workspace
--   :SextantSearch retry failed uploads       ranked chunks in the quickfix list
--   :SextantSimilar                           code like the declaration under the cursor
--   :'<,'>SextantSimilar                      code like the selected lines
--   :SextantDuplicates [minScore]             clusters of near-identical code (cosine, default 0.9)
--   :SextantStatus[!]                         what the index holds (! for everything the server says)
--   :SextantReindex                           scan the workspace again
--   :lua vim.lsp.buf.code_action()            offers "Find similar code"; its answer fills the quickfix list
-- README.md beside this file has the details.
local M = {}

local levels = vim.log.levels

-- The sextant client: the one attached to `bufnr` (default: the current buffer) if there is
-- one, else any (commands also run from the quickfix window). Only initialized clients answer.
local function client(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local all = vim.lsp.get_clients and vim.lsp.get_clients({ name = "sextant" })
    or vim.tbl_filter(function(c) return c.name == "sextant" end, vim.lsp.get_active_clients())
  local ready = vim.tbl_filter(function(c) return c.initialized ~= false end, all)
  for _, c in ipairs(ready) do
    if c.attached_buffers and c.attached_buffers[bufnr] then return c end
  end
  return ready[1], #all > 0
end

-- `client:request` since 0.11; `client.request(...)` before.
local function request(c, method, params, handler, bufnr)
  if vim.fn.has("nvim-0.11") == 1 then
    return c:request(method, params, handler, bufnr)
  end
  return c.request(method, params, handler, bufnr)
end

local function error_text(err)
  if type(err) == "table" then
    return err.message or vim.inspect(err)
  end
  return tostring(err)
end

--- Sends `method` with `params` to Sextant and calls `on_result(result)` with the answer.
--- A JSON-RPC error, a failure to send, or an error inside `on_result` is shown with
--- vim.notify at ERROR level (never as a Lua traceback). Returns true when the request went out.
function M.request(method, params, on_result, bufnr)
  local c, starting = client(bufnr)
  if not c then
    vim.notify(starting and "sextant is still starting" or "sextant is not running (open a file of the workspace)", levels.WARN)
    return false
  end
  local ok, sent = pcall(request, c, method, params, function(err, result)
    if err then
      vim.notify(method .. ": " .. error_text(err), levels.ERROR)
      return
    end
    local handled, problem = pcall(on_result, result)
    if not handled then
      vim.notify(method .. ": " .. tostring(problem), levels.ERROR)
    end
  end, bufnr)
  if not ok or not sent then
    vim.notify(method .. ": could not send the request" .. (ok and "" or (": " .. tostring(sent))), levels.ERROR)
    return false
  end
  return true
end

local function label(item)
  if item.container and item.container ~= vim.NIL and item.container ~= "" then
    return item.container .. "." .. item.name
  end
  return item.name
end

local function first_line(snippet)
  if type(snippet) ~= "string" then return "" end
  for line in snippet:gmatch("[^\n]+") do
    local trimmed = vim.trim(line)
    if trimmed ~= "" then return trimmed end
  end
  return ""
end

local function qf_item(item, text)
  return {
    filename = vim.uri_to_fname(item.uri),
    lnum = item.range.start.line + 1,
    col = item.range.start.character + 1,
    text = text,
  }
end

local function result_item(item)
  return qf_item(item, string.format("%s  (%.2f)  %s", label(item), item.score or 0, first_line(item.snippet)))
end

local function show(title, items, coverage)
  vim.fn.setqflist({}, " ", { title = title, items = items })
  vim.cmd("copen")
  if #items == 0 then
    vim.notify(title .. ": nothing found", levels.INFO)
  end
  if type(coverage) == "number" and coverage < 1 then
    vim.notify(string.format("sextant: %.0f%% of the workspace indexed so far", coverage * 100), levels.INFO)
  end
end

-- UTF-16 length of the first `byte_col` bytes of `line`.
local function utf16(line, byte_col)
  byte_col = math.min(byte_col, #line)
  if byte_col == 0 then return 0 end
  if vim.fn.has("nvim-0.11") == 1 then
    return vim.str_utfindex(line, "utf-16", byte_col, false)
  end
  local _, units = vim.str_utfindex(line, byte_col)
  return units
end

-- What a cursor is in, for the quickfix title: the nearest declaration at or above the
-- cursor, no more indented than the cursor's line. Only a label: the server decides which
-- declaration it compares.
local declaration_patterns = {
  "^%s*async%s+def%s+([%w_]+)", "^%s*def%s+([%w_]+)", "^%s*class%s+([%w_]+)",
  "func%s+([%w_]+)", "function%s+([%w_.:]+)", "^%s*fn%s+([%w_]+)", "[%s(]fn%s+([%w_]+)",
  "struct%s+([%w_]+)", "enum%s+([%w_]+)", "protocol%s+([%w_]+)", "extension%s+([%w_.]+)",
  "interface%s+([%w_]+)", "^%s*type%s+([%w_]+)", "^%s*impl[%s<].-([%w_]+)%s*{",
}

local function declaration_name(bufnr, row)
  local lines = vim.api.nvim_buf_get_lines(bufnr, math.max(0, row - 400), row, false)
  local limit
  for index = #lines, 1, -1 do
    local line = lines[index]
    if line:match("%S") then
      local indent = #line:match("^%s*")
      if not limit or indent <= limit then
        for _, pattern in ipairs(declaration_patterns) do
          local name = line:match(pattern)
          if name then return name end
        end
      end
      limit = math.min(limit or indent, indent)
    end
  end
  return nil
end

-- What a find-similar target is, for the quickfix title: for a `position`, the declaration the
-- editor sees there (else file:line); for a `range`, file:first-last (a range ending at a line's
-- start ends on the line before). `target` is the params of sextant/findSimilar.
local function similar_label(bufnr, target)
  local path = vim.uri_to_fname(target.textDocument.uri)
  local file = vim.fn.fnamemodify(path, ":t")
  if type(target.range) == "table" then
    local first, last = target.range.start.line, target.range["end"].line
    if last > first and target.range["end"].character == 0 then last = last - 1 end
    return string.format("%s:%d-%d", file, first + 1, last + 1)
  end
  local line = target.position.line
  local name = bufnr and bufnr > 0 and vim.api.nvim_buf_is_loaded(bufnr) and declaration_name(bufnr, line + 1)
  return name or string.format("%s:%d", file, line + 1)
end

local function show_similar(result, what)
  local items = {}
  for _, item in ipairs(result.items or {}) do
    table.insert(items, result_item(item))
  end
  show("Sextant similar: " .. what, items, result.coverage)
end

--- Code similar to the declaration under the cursor (no range) or to lines line1..line2
--- (a range), in the quickfix list.
function M.similar(range)
  local bufnr = vim.api.nvim_get_current_buf()
  local path = vim.api.nvim_buf_get_name(bufnr)
  if path == "" then
    vim.notify("SextantSimilar: this buffer has no file", levels.ERROR)
    return
  end
  local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, limit = M.options.limit or 30 }
  local what
  if range then
    local last = vim.api.nvim_buf_get_lines(bufnr, range[2] - 1, range[2], false)[1] or ""
    params.range = {
      start = { line = range[1] - 1, character = 0 },
      ["end"] = { line = range[2] - 1, character = utf16(last, #last) },
    }
    what = string.format("%s:%d-%d", vim.fn.fnamemodify(path, ":t"), range[1], range[2])
  else
    local cursor = vim.api.nvim_win_get_cursor(0)
    local line = vim.api.nvim_buf_get_lines(bufnr, cursor[1] - 1, cursor[1], false)[1] or ""
    params.position = { line = cursor[1] - 1, character = utf16(line, cursor[2]) }
    what = similar_label(bufnr, params)
  end
  M.request("sextant/findSimilar", params, function(result) show_similar(result, what) end, bufnr)
end

local function show_search(result, query)
  local items = {}
  for _, item in ipairs(result.items or {}) do
    table.insert(items, result_item(item))
  end
  show("sextant: " .. query, items, result.coverage)
end

local function show_duplicates(result, min_score)
  local items = {}
  for index, cluster in ipairs(result.clusters or {}) do
    local files = cluster.files or 0
    local head = string.format("[cluster %d: %d chunks in %d file%s, ≥%.2f]", index, cluster.size or #cluster.items,
      files, files == 1 and "" or "s", cluster.score or 0)
    for _, item in ipairs(cluster.items or {}) do
      table.insert(items, qf_item(item, head .. " " .. label(item)))
    end
  end
  local shown = #(result.clusters or {})
  local total = result.totalClusters or shown
  local title = string.format("Sextant duplicates: %d of %d clusters, cosine ≥ %.2f", shown, total, min_score or 0.9)
  show(title, items, result.coverage)
end

--- Clusters of near-duplicate code in the quickfix list: one entry per member.
function M.duplicates(min_score)
  local params = { limit = M.options.duplicate_limit or 50 }
  if min_score then params.minScore = min_score end
  M.request("sextant/duplicates", params, function(result) show_duplicates(result, min_score) end)
end

--- One line per workspace folder (files, chunks, symbols, vectors) and the coverage.
function M.status_text(result, full)
  if full then return vim.inspect(result) end
  local lines = {}
  for _, folder in ipairs(result.folders or {}) do
    local vectors = type(folder.vectors) == "table" and folder.vectors.liveVectors
    table.insert(lines, string.format("%s: %d files, %d chunks, %d symbols%s", folder.root or "?",
      tonumber(folder.files) or 0, tonumber(folder.chunks) or 0, tonumber(folder.symbols) or 0,
      vectors and string.format(", %d vectors", vectors) or ""))
  end
  local coverage = tonumber(result.coverage) or 1
  table.insert(lines, string.format("coverage %.0f%%%s", coverage * 100, result.indexing == true and ", indexing" or ""))
  return "sextant: " .. table.concat(lines, "\n")
end

-- What the answer of each server command shows; the argument is the params of the request the
-- command stands for (sextant.search, sextant.findSimilar, sextant.duplicates).
local command_results = {
  ["sextant.findSimilar"] = function(result, argument)
    local document = type(argument) == "table" and argument.textDocument
    local what = "?"
    if type(document) == "table" and type(document.uri) == "string" then
      -- The buffer of the document, if one is loaded (for the declaration's name).
      local path, target = vim.uri_to_fname(document.uri), nil
      for _, candidate in ipairs(vim.api.nvim_list_bufs()) do
        if vim.api.nvim_buf_get_name(candidate) == path then target = candidate end
      end
      what = similar_label(target, argument)
    end
    show_similar(result, what)
  end,
  ["sextant.search"] = function(result, argument)
    show_search(result, type(argument) == "table" and tostring(argument.query) or "?")
  end,
  ["sextant.duplicates"] = function(result, argument)
    show_duplicates(result, type(argument) == "table" and tonumber(argument.minScore) or nil)
  end,
  ["sextant.status"] = function(result)
    vim.notify(M.status_text(result), levels.INFO)
  end,
  ["sextant.reindex"] = function()
    vim.notify("sextant: re-indexing the workspace", levels.INFO)
  end,
}

--- The sextant client's handler of workspace/executeCommand answers: whoever sent the command
--- without a handler of its own (a code action picked with vim.lsp.buf.code_action(),
--- vim.lsp.buf.execute_command() before 0.11, client:exec_cmd() since) gets its answer shown:
--- "Find similar code" and sextant.search fill the quickfix list as :SextantSimilar and
--- :SextantSearch do. A JSON-RPC error is an ERROR notification naming the command.
function M.execute_command_handler(err, result, ctx)
  local params = type(ctx) == "table" and type(ctx.params) == "table" and ctx.params or {}
  local command = type(params.command) == "string" and params.command or "workspace/executeCommand"
  if err then
    vim.notify(command .. ": " .. error_text(err), levels.ERROR)
    return
  end
  local on_result = command_results[command]
  if not on_result then return end
  local argument = type(params.arguments) == "table" and params.arguments[1] or nil
  local handled, problem = pcall(on_result, result, argument)
  if not handled then
    vim.notify(command .. ": " .. tostring(problem), levels.ERROR)
  end
end

M.options = {}

local started = {}

local function find_root(bufnr, markers)
  local name = vim.api.nvim_buf_get_name(bufnr)
  if vim.fs and vim.fs.root then
    return vim.fs.root(bufnr, markers)
  end
  local dir = name ~= "" and vim.fn.fnamemodify(name, ":p:h") or vim.fn.getcwd()
  while dir and dir ~= "" do
    for _, marker in ipairs(markers) do
      if vim.loop.fs_stat(dir .. "/" .. marker) then return dir end
    end
    local parent = vim.fn.fnamemodify(dir, ":h")
    if parent == dir then break end
    dir = parent
  end
  return nil
end

local function start(config, bufnr)
  if vim.lsp.start then
    return vim.lsp.start(config, { bufnr = bufnr })
  end
  -- Neovim 0.7: one client per root, attached by hand.
  local id = started[config.root_dir]
  if not id then
    id = vim.lsp.start_client(config)
    started[config.root_dir] = id
  end
  if id then vim.lsp.buf_attach_client(bufnr, id) end
  return id
end

function M.setup(opts)
  opts = opts or {}
  M.options = opts
  local cmd = opts.cmd or { "sextant" }
  local root_markers = opts.root_markers or { ".git", "Package.swift", "pyproject.toml", "go.mod", "Cargo.toml" }

  vim.api.nvim_create_autocmd("FileType", {
    group = vim.api.nvim_create_augroup("sextant", { clear = true }),
    callback = function(args)
      if vim.bo[args.buf].buftype ~= "" or vim.api.nvim_buf_get_name(args.buf) == "" then return end
      local root = find_root(args.buf, root_markers) or vim.fn.getcwd()
      start({
        name = "sextant",
        cmd = cmd,
        root_dir = root,
        init_options = opts.init_options or {},
        handlers = { ["workspace/executeCommand"] = M.execute_command_handler },
        workspace_folders = { { uri = vim.uri_from_fname(root), name = vim.fn.fnamemodify(root, ":t") } },
      }, args.buf)
    end,
  })

  vim.api.nvim_create_user_command("SextantSearch", function(command)
    M.request("sextant/search", { query = command.args, limit = opts.limit or 30, mode = opts.mode }, function(result)
      show_search(result, command.args)
    end)
  end, { nargs = "+", desc = "Search the workspace with Sextant" })

  vim.api.nvim_create_user_command("SextantSimilar", function(command)
    M.similar(command.range > 0 and { command.line1, command.line2 } or nil)
  end, { range = true, desc = "Code similar to the declaration under the cursor or to the selected lines" })

  vim.api.nvim_create_user_command("SextantDuplicates", function(command)
    local min_score
    if command.args ~= "" then
      min_score = tonumber(command.args)
      if not min_score then
        vim.notify("SextantDuplicates: minScore must be a number, not " .. command.args, levels.ERROR)
        return
      end
    end
    M.duplicates(min_score)
  end, { nargs = "?", desc = "Clusters of near-identical code (cosine ≥ minScore, default 0.9)" })

  vim.api.nvim_create_user_command("SextantStatus", function(command)
    M.request("sextant/status", vim.empty_dict(), function(result)
      vim.notify(M.status_text(result, command.bang), levels.INFO)
    end)
  end, { bang = true, desc = "Show what Sextant has indexed (! for everything)" })

  vim.api.nvim_create_user_command("SextantReindex", function()
    M.request("workspace/executeCommand", { command = "sextant.reindex" }, function()
      vim.notify("sextant: re-indexing the workspace", levels.INFO)
    end)
  end, { desc = "Re-scan the workspace" })
end

return M

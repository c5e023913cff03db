-- Sextant for Neovim's built-in LSP client (Neovim 0.7 or later).
--
-- Put this file on your runtimepath (for example ~/.config/nvim/lua/sextant.lua) and call
--   require("sextant").setup({ cmd = { "/path/to/sextant" } })
-- from init.lua. Then:
--   :lua vim.lsp.buf.workspace_symbol()      fuzzy symbols across the workspace
--   :SextantSearch retry failed uploads       ranked chunks in the quickfix list
--   :SextantStatus                            what the index holds
--   :SextantReindex                           scan the workspace again
local M = {}

local function client()
  local list = vim.lsp.get_clients and vim.lsp.get_clients({ name = "sextant" })
    or vim.tbl_filter(function(c) return c.name == "sextant" end, vim.lsp.get_active_clients())
  return list[1]
end

-- `client:request` since 0.11; `client.request(...)` before.
local function request(c, method, params, handler)
  if vim.fn.has("nvim-0.11") == 1 then
    return c:request(method, params, handler)
  end
  return c.request(method, params, handler)
end

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

local started = {}

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
  local cmd = opts.cmd or { "sextant" }
  local root_markers = opts.root_markers or { ".git", "Package.swift", "pyproject.toml", "go.mod", "Cargo.toml" }

  vim.api.nvim_create_autocmd("FileType", {
    group = vim.api.nvim_create_augroup("sextant", { clear = true }),
    callback = function(args)
      local root = find_root(args.buf, root_markers) or vim.fn.getcwd()
      start({
        name = "sextant",
        cmd = cmd,
        root_dir = root,
        init_options = opts.init_options or {},
        workspace_folders = { { uri = vim.uri_from_fname(root), name = vim.fn.fnamemodify(root, ":t") } },
      }, args.buf)
    end,
  })

  vim.api.nvim_create_user_command("SextantSearch", function(command)
    local c = client()
    if not c then
      vim.notify("sextant is not running", vim.log.levels.WARN)
      return
    end
    request(c, "sextant/search", { query = command.args, limit = opts.limit or 30, mode = opts.mode }, function(err, result)
      if err then
        vim.notify("sextant/search: " .. err.message, vim.log.levels.ERROR)
        return
      end
      local items = {}
      for _, item in ipairs(result.items or {}) do
        local label = item.container and (item.container .. "." .. item.name) or item.name
        table.insert(items, {
          filename = vim.uri_to_fname(item.uri),
          lnum = item.range.start.line + 1,
          col = item.range.start.character + 1,
          text = string.format("%s  (%.2f)", label, item.score),
        })
      end
      vim.fn.setqflist({}, " ", { title = "sextant: " .. command.args, items = items })
      vim.cmd("copen")
      if (result.coverage or 1) < 1 then
        vim.notify(string.format("sextant: %.0f%% of the workspace indexed so far", result.coverage * 100))
      end
    end)
  end, { nargs = "+", desc = "Search the workspace with Sextant" })

  vim.api.nvim_create_user_command("SextantStatus", function()
    local c = client()
    if not c then return end
    request(c, "sextant/status", {}, function(err, result)
      if err then
        vim.notify("sextant/status: " .. err.message, vim.log.levels.ERROR)
        return
      end
      vim.notify(vim.inspect(result))
    end)
  end, { desc = "Show what Sextant has indexed" })

  vim.api.nvim_create_user_command("SextantReindex", function()
    local c = client()
    if not c then return end
    request(c, "workspace/executeCommand", { command = "sextant.reindex" }, function() end)
  end, { desc = "Re-scan the workspace" })
end

return M

-- chotatsu-lsp for Neovim 0.7 and later (uses vim.lsp.start on 0.8+, vim.lsp.start_client on 0.7).
--
-- Copy this file to ~/.config/nvim/lua/chotatsu.lua and add to init.lua:
--
--   require("chotatsu").setup({
--     cmd = { "chotatsu-lsp" },                  -- or an absolute path
--     init_options = { profile = "auto", rules = { ["wording/vague-term"] = "info" } },
--   })
--
-- The server is started for markdown and text buffers, rooted at the nearest directory holding
-- chotatsu.yaml (else .git, else the file's directory).

local M = {}

M.defaults = {
  name = "chotatsu",
  cmd = { "chotatsu-lsp" },
  filetypes = { "markdown", "text" },
  root_markers = { "chotatsu.yaml", ".git" },
  -- Read by the server at startup; `profile` is low, standard, high or auto.
  init_options = { profile = "auto", rules = {} },
  -- Answered to workspace/configuration (section "chotatsu").
  settings = {},
}

local uv = vim.loop

local function find_root(path, markers)
  local dir = vim.fn.fnamemodify(path, ":p:h")
  while dir and dir ~= "" do
    for _, m in ipairs(markers) do
      if uv.fs_stat(dir .. "/" .. m) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ":h")
    if parent == dir then
      break
    end
    dir = parent
  end
  return vim.fn.fnamemodify(path, ":p:h")
end

--- Start (or reuse) the server for a buffer. Returns the client id.
function M.start(bufnr, opts)
  opts = vim.tbl_deep_extend("force", M.defaults, opts or {})
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local name = vim.api.nvim_buf_get_name(bufnr)
  local root = find_root(name ~= "" and name or vim.fn.getcwd() .. "/x", opts.root_markers)
  local config = {
    name = opts.name,
    cmd = opts.cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    init_options = opts.init_options,
    settings = opts.settings,
    on_attach = opts.on_attach,
  }
  if vim.lsp.start then
    return vim.lsp.start(config, { bufnr = bufnr })
  end
  -- Neovim 0.7: one client per root, attached by hand.
  M._clients = M._clients or {}
  local id = M._clients[root]
  if id == nil or vim.lsp.get_client_by_id(id) == nil then
    id = vim.lsp.start_client(config)
    M._clients[root] = id
  end
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
  return id
end

--- Start the server for every buffer of the configured filetypes.
function M.setup(opts)
  opts = vim.tbl_deep_extend("force", M.defaults, opts or {})
  local group = vim.api.nvim_create_augroup("chotatsu_lsp", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = opts.filetypes,
    callback = function(args)
      M.start(args.buf, opts)
    end,
  })
end

return M

-- Driven by e2e.sh: attach chotatsu-lsp to the current buffer through chotatsu.lua, then check
-- diagnostics, hover, a quick fix and the re-lint after the edit. Writes "PASS" or "FAIL: why" to
-- $CHOTATSU_E2E_OUT and quits.

local out_path = assert(os.getenv("CHOTATSU_E2E_OUT"), "CHOTATSU_E2E_OUT")
local server = assert(os.getenv("CHOTATSU_LSP"), "CHOTATSU_LSP")
local here = vim.fn.fnamemodify(debug.getinfo(1, "S").source:sub(2), ":p:h")
package.path = here .. "/?.lua;" .. package.path

local RULE = "legal/contract-nonconformity"
local TIMEOUT = 30000

local log = {}
local function say(msg)
  table.insert(log, msg)
end

local function finish(ok, msg)
  say(ok and "PASS" or ("FAIL: " .. tostring(msg)))
  local f = io.open(out_path, "w")
  f:write(table.concat(log, "\n") .. "\n")
  f:close()
  vim.cmd(ok and "qall!" or "cquit!")
end

local function code_of(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end

local function chotatsu_diagnostics(buf)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.source == "chotatsu" then
      table.insert(found, d)
    end
  end
  return found
end

local function rule_findings(buf)
  local found = {}
  for _, d in ipairs(chotatsu_diagnostics(buf)) do
    if code_of(d) == RULE then
      table.insert(found, d)
    end
  end
  return found
end

local function run()
  local buf = vim.api.nvim_get_current_buf()
  require("chotatsu").setup({ cmd = { server } })
  vim.bo[buf].filetype = "markdown" -- fires the FileType autocmd of the snippet

  if not vim.wait(TIMEOUT, function() return #chotatsu_diagnostics(buf) > 0 end, 50) then
    return finish(false, "no chotatsu diagnostics within " .. TIMEOUT .. " ms (is the server starting? see :LspLog)")
  end
  local all = chotatsu_diagnostics(buf)
  say(("diagnostics: %d from chotatsu"):format(#all))

  local hits = rule_findings(buf)
  if #hits == 0 then
    return finish(false, "no " .. RULE .. " finding")
  end
  -- Positions: Neovim turns the server's UTF-16 columns into byte columns; the span must be 瑕疵….
  -- Take the finding with the most Japanese text before it on its line.
  local d = hits[1]
  for _, h in ipairs(hits) do
    if h.col > d.col then
      d = h
    end
  end
  local line = vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1]
  local text = line:sub(d.col + 1, d.end_col)
  say(("finding at %d:%d-%d: %s"):format(d.lnum + 1, d.col, d.end_col, text))
  if text:sub(1, #"瑕疵") ~= "瑕疵" then
    return finish(false, "finding range does not cover 瑕疵…: got '" .. text .. "'")
  end

  local client = vim.lsp.get_active_clients({ name = "chotatsu" })[1]
    or vim.lsp.get_active_clients()[1]
  if client == nil then
    return finish(false, "no active chotatsu client")
  end
  local encoding = client.offset_encoding or "utf-16"
  say("offset encoding: " .. encoding)
  local function lsp_pos(lnum, col)
    local l = vim.api.nvim_buf_get_lines(buf, lnum, lnum + 1, false)[1]
    return { line = lnum, character = vim.str_utfindex(l, col) }
  end
  local range = { start = lsp_pos(d.lnum, d.col), ["end"] = lsp_pos(d.end_lnum or d.lnum, d.end_col) }
  local uri = vim.uri_from_bufnr(buf)

  local hover = client.request_sync("textDocument/hover", { textDocument = { uri = uri }, position = range.start }, 10000, buf)
  local value = hover and hover.result and hover.result.contents and hover.result.contents.value or ""
  if not value:find(RULE, 1, true) then
    return finish(false, "hover does not name the rule: " .. vim.inspect(hover))
  end
  say("hover: ok")

  local actions = client.request_sync("textDocument/codeAction", {
    textDocument = { uri = uri },
    range = range,
    context = {
      diagnostics = { { range = range, message = d.message, code = RULE, source = "chotatsu", severity = d.severity } },
      only = { "quickfix" },
    },
  }, 10000, buf)
  local fix
  for _, a in ipairs(actions and actions.result or {}) do
    if a.title and a.title:find("契約不適合", 1, true) and a.edit then
      fix = a
      break
    end
  end
  if fix == nil then
    return finish(false, "no substitution code action: " .. vim.inspect(actions))
  end
  say("code action: " .. fix.title)
  local before = #hits
  vim.lsp.util.apply_workspace_edit(fix.edit, encoding)
  local fixed = vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1]
  if not fixed:find("契約不適合", 1, true) then
    return finish(false, "edit not applied: " .. fixed)
  end
  -- The edit reaches the server as an incremental didChange; the finding count must drop.
  if not vim.wait(TIMEOUT, function() return #rule_findings(buf) < before end, 50) then
    return finish(false, "diagnostics did not update after the edit")
  end
  say(("after the fix: %d %s findings (was %d)"):format(#rule_findings(buf), RULE, before))
  finish(true)
end

local ok, err = pcall(run)
if not ok then
  finish(false, err)
end

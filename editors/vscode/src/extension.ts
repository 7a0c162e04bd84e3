// The chotatsu extension: starts `chotatsu-lsp` over stdio for Markdown and plain-text documents.
// Everything else (diagnostics, hover, quick fixes, outline) comes from the server.

import * as path from "path";
import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;

/** The settings the server reads (initializationOptions and workspace/configuration). */
function serverSettings(): Record<string, unknown> {
  const cfg = vscode.workspace.getConfiguration("chotatsu");
  return {
    profile: cfg.get<string>("profile", "auto"),
    rules: cfg.get<Record<string, string>>("rules", {}),
  };
}

/** `chotatsu.server.path`, with `${workspaceFolder}` and `~` expanded; `chotatsu-lsp` if empty. */
function serverCommand(): string {
  const configured = vscode.workspace
    .getConfiguration("chotatsu")
    .get<string>("server.path", "")
    .trim();
  if (configured === "") {
    return "chotatsu-lsp";
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? "";
  let p = configured.replace(/\$\{workspaceFolder\}/g, folder);
  if (p.startsWith("~/")) {
    p = path.join(process.env.HOME ?? "", p.slice(2));
  }
  return p;
}

async function start(): Promise<void> {
  const command = serverCommand();
  // TransportKind.stdio passes `--stdio`, which chotatsu-lsp accepts.
  const serverOptions: ServerOptions = {
    run: { command, transport: TransportKind.stdio },
    debug: { command, transport: TransportKind.stdio },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "markdown" },
      { scheme: "file", language: "plaintext" },
      { scheme: "untitled", language: "markdown" },
      { scheme: "untitled", language: "plaintext" },
    ],
    initializationOptions: serverSettings(),
    // Sends workspace/didChangeConfiguration when chotatsu.* changes; the server then pulls the
    // section with workspace/configuration.
    synchronize: { configurationSection: "chotatsu" },
    outputChannelName: "chotatsu",
  };
  client = new LanguageClient("chotatsu", "chotatsu", serverOptions, clientOptions);
  try {
    await client.start();
  } catch (e) {
    client = undefined;
    void vscode.window.showErrorMessage(
      `chotatsu: cannot start ${command} (${String(e)}). Install chotatsu-lsp or set chotatsu.server.path.`,
    );
  }
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  if (c !== undefined) {
    await c.stop();
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand("chotatsu.restartServer", async () => {
      await stop();
      await start();
    }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration("chotatsu.server.path")) {
        await stop();
        await start();
      }
    }),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await stop();
}

// The daybook extension: starts `daybook lsp --stdio` for daybook documents.
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration('daybook');
  const command = config.get('command') || 'daybook';
  const journal = config.get('journal');
  const args = ['lsp', '--stdio', ...(journal ? ['--journal', journal] : [])];
  const server = { command, args, transport: TransportKind.stdio };
  client = new LanguageClient('daybook', 'daybook', { run: server, debug: server }, { documentSelector: [{ language: 'daybook' }] });
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };

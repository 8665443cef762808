// The daybook extension: starts `daybook lsp --stdio` for the journal's files.
//
// A journal is plain text (`.txt` files in a `log` directory, most often), so
// the extension cannot rely on a file extension alone: a document is the
// journal's when it is a `.journal` file, lies under the `daybook.journal`
// setting (or DAYBOOK_JOURNAL), or matches one of the `daybook.files` glob
// patterns. Such a document takes the language "daybook" (colours, and the
// language server).
const path = require('path');

/** The extensions of journal files, as daybook lists a journal directory. */
const EXTENSIONS = ['.txt', '.journal'];

/**
 * Whether a file is under the journal (a file, or a directory of files);
 * `journal` is an absolute path, or empty.
 */
function underJournal(file, journal) {
  if (!journal) return false;
  const j = path.resolve(journal);
  const f = path.resolve(file);
  if (f === j) return true;
  const rel = path.relative(j, f);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) && EXTENSIONS.includes(path.extname(f));
}

/** The journal path of the settings: `daybook.journal`, else DAYBOOK_JOURNAL; `~` expanded. */
function journalPath(setting, env) {
  const p = (setting || env.DAYBOOK_JOURNAL || '').trim();
  if (!p) return '';
  return p.startsWith('~/') ? path.join(env.HOME || '', p.slice(2)) : p;
}

/** The document selector of the language client: the language, and the journal's files by path. */
function documentSelector(journal, patterns) {
  const selector = [{ language: 'daybook' }];
  for (const pattern of patterns) selector.push({ scheme: 'file', pattern });
  if (journal) selector.push({ scheme: 'file', pattern: `${journal.replace(/\\/g, '/')}/**/*` });
  return selector;
}

let client;

function activate(context) {
  const vscode = require('vscode');
  const { LanguageClient, TransportKind } = require('vscode-languageclient/node');
  const config = vscode.workspace.getConfiguration('daybook');
  const command = config.get('command') || 'daybook';
  const journal = journalPath(config.get('journal'), process.env);
  const patterns = config.get('files') || [];
  const isJournal = (doc) => doc.uri.scheme === 'file' && (doc.languageId === 'daybook' || underJournal(doc.uri.fsPath, journal) || patterns.some((pattern) => vscode.languages.match({ scheme: 'file', pattern }, doc) > 0));
  // A journal's text file opened as plain text becomes a daybook document.
  const adopt = (doc) => {
    if (doc.languageId !== 'daybook' && doc.languageId === 'plaintext' && isJournal(doc)) void vscode.languages.setTextDocumentLanguage(doc, 'daybook');
  };
  vscode.workspace.textDocuments.forEach(adopt);
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(adopt));

  const args = ['lsp', '--stdio', ...(journal ? ['--journal', journal] : [])];
  const server = { command, args, transport: TransportKind.stdio };
  client = new LanguageClient('daybook', 'daybook', { run: server, debug: server }, {
    documentSelector: documentSelector(journal, patterns),
    middleware: {
      // A code lens's count: the references, in VS Code's own peek view.
      executeCommand: async (name, commandArgs, next) => {
        if (name !== 'daybook.showReferences') return next(name, commandArgs);
        const [uri, position] = commandArgs;
        const locations = (await next(name, commandArgs)) || [];
        const p2c = client.protocol2CodeConverter;
        return vscode.commands.executeCommand('editor.action.showReferences', vscode.Uri.parse(uri), p2c.asPosition(position), locations.map((l) => p2c.asLocation(l)));
      },
    },
  });
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate, underJournal, journalPath, documentSelector };

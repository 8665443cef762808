/**
 * `daybook lsp`: the language server over stdio, a thin wrapper around
 * `JournalService`: positions become offsets and back, and requests that
 * fail (a position outside the document, a file that is not a journal)
 * answer empty rather than stop the server.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeActionKind,
  CompletionItemKind,
  createConnection,
  DiagnosticSeverity,
  FoldingRange,
  ProposedFeatures,
  SymbolKind,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type Diagnostic as LspDiagnostic,
  type DocumentSymbol,
  type Location,
} from 'vscode-languageserver/node.js';
import { JournalService, type OutlineNode, type Spot } from './service.js';

const toPath = (uri: string): string => (uri.startsWith('file:') ? fileURLToPath(uri) : uri);
const toUri = (file: string): string => pathToFileURL(path.resolve(file)).href;

/** Starts the server on a connection (stdio by default); `files` are the journal's files. */
export function startLanguageServer(files: string[], connection: Connection = createConnection(ProposedFeatures.all)): Connection {
  const service = new JournalService(files);
  const documents = new TextDocuments(TextDocument);
  /** The text of a file as positions are counted in it. */
  const docOf = (file: string): TextDocument | undefined => {
    const open = documents.get(toUri(file));
    if (open) return open;
    const text = service.text(file);
    return text === undefined ? undefined : TextDocument.create(toUri(file), 'daybook', 0, text);
  };
  const location = (s: Spot): Location | undefined => {
    const doc = docOf(s.file);
    return doc ? { uri: toUri(s.file), range: { start: doc.positionAt(s.from), end: doc.positionAt(s.to) } } : undefined;
  };
  /** Runs a handler; a failure is logged and answered with `empty`. */
  const safe =
    <A extends unknown[], R>(empty: R, f: (...a: A) => R) =>
    (...a: A): R => {
      try {
        return f(...a);
      } catch (err) {
        connection.console.error(`daybook lsp: ${(err as Error).stack ?? String(err)}`);
        return empty;
      }
    };
  const offsetIn = (uri: string, pos: { line: number; character: number }): { file: string; offset: number } | undefined => {
    const doc = documents.get(uri);
    if (!doc || pos.line < 0 || pos.line >= doc.lineCount || pos.character < 0) return undefined;
    return { file: toPath(uri), offset: doc.offsetAt(pos) };
  };

  connection.onInitialize(() => ({
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      definitionProvider: true,
      referencesProvider: true,
      hoverProvider: true,
      completionProvider: { triggerCharacters: ['"', ',', ' ', '\\'] },
      documentSymbolProvider: true,
      workspaceSymbolProvider: true,
      foldingRangeProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.Refactor] },
    },
    serverInfo: { name: 'daybook' },
  }));

  let pending: ReturnType<typeof setTimeout> | undefined;
  const publish = safe(undefined, () => {
    for (const doc of documents.all()) {
      const diagnostics: LspDiagnostic[] = service.diagnostics(toPath(doc.uri)).map((d) => ({
        range: { start: doc.positionAt(d.from), end: doc.positionAt(Math.max(d.to, d.from)) },
        severity: d.severity === 'error' ? DiagnosticSeverity.Error : d.severity === 'warning' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information,
        code: d.code,
        source: 'daybook',
        message: d.message,
      }));
      void connection.sendDiagnostics({ uri: doc.uri, diagnostics });
    }
  });
  documents.onDidChangeContent((e) => {
    service.update(toPath(e.document.uri), e.document.getText());
    clearTimeout(pending);
    pending = setTimeout(publish, 150);
  });
  documents.onDidClose((e) => {
    service.close(toPath(e.document.uri));
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onDefinition(
    safe(null, (p) => {
      const at = offsetIn(p.textDocument.uri, p.position);
      if (!at) return null;
      return service.definition(at.file, at.offset).map(location).filter((l): l is Location => l !== undefined);
    }),
  );
  connection.onReferences(
    safe([], (p) => {
      const at = offsetIn(p.textDocument.uri, p.position);
      if (!at) return [];
      return service.references(at.file, at.offset).map(location).filter((l): l is Location => l !== undefined);
    }),
  );
  connection.onHover(
    safe(null, (p) => {
      const at = offsetIn(p.textDocument.uri, p.position);
      const h = at ? service.hover(at.file, at.offset) : undefined;
      const doc = documents.get(p.textDocument.uri);
      if (!h || !doc) return null;
      return { contents: { kind: 'markdown', value: h.text }, range: { start: doc.positionAt(h.from), end: doc.positionAt(h.to) } };
    }),
  );
  connection.onCompletion(
    safe([], (p) => {
      const at = offsetIn(p.textDocument.uri, p.position);
      const doc = documents.get(p.textDocument.uri);
      if (!at || !doc) return [];
      return service.complete(at.file, at.offset).map((c, i) => ({
        label: c.label,
        kind: c.kind === 'reference' ? CompletionItemKind.Reference : c.kind === 'topic' ? CompletionItemKind.Keyword : c.kind === 'thread' ? CompletionItemKind.Value : CompletionItemKind.Snippet,
        ...(c.detail ? { detail: c.detail } : {}),
        sortText: String(i).padStart(5, '0'),
        textEdit: { range: { start: doc.positionAt(c.from), end: doc.positionAt(c.to) }, newText: c.insert },
      }));
    }),
  );
  const symbol = (doc: TextDocument, n: OutlineNode): DocumentSymbol => ({
    name: n.name || '(empty)',
    detail: n.detail,
    kind: n.children.length || n.detail.includes(':') ? SymbolKind.Namespace : SymbolKind.Field,
    range: { start: doc.positionAt(n.from), end: doc.positionAt(n.to) },
    selectionRange: { start: doc.positionAt(n.selectFrom), end: doc.positionAt(Math.min(n.selectTo, n.to)) },
    children: n.children.map((c) => symbol(doc, c)),
  });
  connection.onDocumentSymbol(
    safe([], (p) => {
      const doc = documents.get(p.textDocument.uri);
      return doc ? service.outline(toPath(doc.uri)).map((n) => symbol(doc, n)) : [];
    }),
  );
  connection.onWorkspaceSymbol(
    safe([], (p) =>
      service
        .symbols(p.query)
        .map((s) => ({ name: s.name, containerName: s.detail, kind: SymbolKind.Namespace, location: location(s)! }))
        .filter((s) => s.location),
    ),
  );
  connection.onFoldingRanges(
    safe([], (p) => {
      const doc = documents.get(p.textDocument.uri);
      if (!doc) return [];
      return service
        .folds(toPath(doc.uri))
        .map((f) => FoldingRange.create(doc.positionAt(f.from).line, doc.positionAt(f.to).line))
        .filter((f) => f.endLine > f.startLine);
    }),
  );
  connection.onCodeAction(
    safe([], (p) => {
      const at = offsetIn(p.textDocument.uri, p.range.start);
      if (!at) return [];
      return service.actions(at.file, at.offset).map((a) => ({
        title: a.title,
        kind: a.title.startsWith('Close') || a.title.startsWith('Make') ? CodeActionKind.QuickFix : CodeActionKind.Refactor,
        edit: {
          changes: Object.fromEntries(
            a.edits.map((e) => {
              const doc = docOf(e.file)!;
              return [toUri(e.file), [{ range: { start: doc.positionAt(e.from), end: doc.positionAt(e.to) }, newText: e.text }]];
            }),
          ),
        },
      }));
    }),
  );

  documents.listen(connection);
  connection.listen();
  return connection;
}

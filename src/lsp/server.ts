/**
 * `daybook lsp`: the language server over stdio, a thin wrapper around
 * `JournalService`: positions become offsets and back, and requests that
 * fail (a position outside the document, a file that is not a journal)
 * answer empty rather than stop the server.
 *
 * The documents' text is kept by the service alone: each incremental change
 * goes to it as an edit, so no whole copy of a large document is rebuilt on
 * a keystroke.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  CompletionItemKind,
  createConnection,
  DiagnosticSeverity,
  FoldingRange,
  InlayHintKind,
  MessageType,
  ShowMessageNotification,
  LSPErrorCodes,
  ProposedFeatures,
  ResponseError,
  SemanticTokensBuilder,
  StreamMessageWriter,
  SymbolKind,
  TextDocumentSyncKind,
  type Connection,
  type Diagnostic as LspDiagnostic,
  type DocumentSymbol,
  type Location,
  type Position,
  type Range,
} from 'vscode-languageserver/node.js';
import type { Now } from '../calendar/clock.js';
import { DaybookError, InputError } from '../errors.js';
import { COMMANDS, runCommand } from './commands.js';
import { TOKEN_MODIFIERS, TOKEN_TYPES } from './decorate.js';
import { RenameRefused } from './rename.js';
import { JournalService, OUTLINE_ENTRIES, type OutlineNode, type Spot } from './service.js';
import { MessageStreamReader, openedBytes } from './transport.js';

/** The command a code lens runs: the references to what it counts (a client may show them its own way). */
export const SHOW_REFERENCES = 'daybook.showReferences';

const toPath = (uri: string): string => (uri.startsWith('file:') ? fileURLToPath(uri) : uri);
const toUri = (file: string): string => pathToFileURL(path.resolve(file)).href;

/**
 * The connection over standard input and output. A message header that
 * cannot be read (`Content-Length: abc`, no length, a line without a colon)
 * leaves the stream at an unknown place: nothing after it can be framed
 * again, so `fail` is called (the command ends the process, non-zero, and
 * the editor starts the server again) rather than the server waiting for
 * ever. A body that is not JSON was framed right: it is only logged.
 */
export function stdioConnection(fail: (reason: string) => void): Connection {
  const reader = new MessageStreamReader(process.stdin);
  reader.onError((err) => {
    if (err instanceof SyntaxError) return;
    fail(err.message.split('\n')[0]!);
  });
  const connection = createConnection(ProposedFeatures.all, reader, new StreamMessageWriter(process.stdout));
  READERS.set(connection, reader);
  // What the library does for process.stdin given as a stream: the editor closing it ends the server.
  let shutdown = false;
  connection.onShutdown(() => {
    shutdown = true;
  });
  const end = (): never => process.exit(shutdown ? 0 : 1);
  process.stdin.on('end', end);
  process.stdin.on('close', end);
  return connection;
}

/** The reader of a connection made by `stdioConnection`: the server tells it which texts it has read from disk. */
const READERS = new WeakMap<Connection, MessageStreamReader>();

/** Starts the server on a connection (stdio by default); `files` are the journal's files, `now` the clock. */
export function startLanguageServer(files: string[], connection: Connection = createConnection(ProposedFeatures.all), list?: () => string[], now?: () => Now): Connection {
  const service = new JournalService(files, now, list);
  READERS.get(connection)?.expect(() => service.diskTexts());
  /** The open documents, by URI. */
  const open = new Set<string>();
  const position = (file: string, offset: number): Position => service.position(file, offset) ?? { line: 0, character: 0 };
  const range = (file: string, from: number, to: number): Range => ({ start: position(file, from), end: position(file, Math.max(from, to)) });
  const location = (s: Spot): Location => ({ uri: toUri(s.file), range: range(s.file, s.from, s.to) });
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
  /** The offset of a position in an open document; undefined outside it. */
  const offsetIn = (uri: string, pos: Position): { file: string; offset: number } | undefined => {
    if (!open.has(uri)) return undefined;
    const file = toPath(uri);
    const offset = service.offsetAt(file, pos.line, pos.character);
    return offset === undefined ? undefined : { file, offset };
  };

  /** What the editor can do that the server asks of it. */
  let can = { applyEdit: false, showDocument: false };
  connection.onInitialize((p) => {
    can = { applyEdit: p.capabilities.workspace?.applyEdit === true, showDocument: p.capabilities.window?.showDocument?.support === true };
    return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      definitionProvider: true,
      referencesProvider: true,
      hoverProvider: true,
      completionProvider: { triggerCharacters: ['"', ',', ' ', '\\'] },
      documentSymbolProvider: true,
      workspaceSymbolProvider: true,
      foldingRangeProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.Refactor, CodeActionKind.Source] },
      renameProvider: { prepareProvider: true },
      inlayHintProvider: true,
      codeLensProvider: { resolveProvider: false },
      semanticTokensProvider: { legend: { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] }, full: true, range: true },
      executeCommandProvider: { commands: [...Object.values(COMMANDS), SHOW_REFERENCES] },
    },
    serverInfo: { name: 'daybook' },
  };
  });

  // The journal's files read from disk as soon as the editor has started the server: an editor sends a document's
  // open after encoding its whole text (seconds for a large file), and a file it opens as it is on disk is then
  // kept, not read again. In steps, with the messages that arrive meanwhile read between them; a question before
  // the end has the rest done at once. While a large message arrives (a document's open), the read-ahead waits for
  // it: a document opened before its file was read is read instead of the file, and questions about it are answered
  // before its entries' heads are all read (see `JournalService.openBytes`).
  connection.onInitialized(() => {
    const t = performance.now();
    // (Started so by bin/daybook.js where the kernel gives huge pages on request: said, since it is two processes.)
    if (/glibc\.malloc\.hugetlb=1/.test(process.env.GLIBC_TUNABLES ?? '')) connection.console.log('daybook lsp: large buffers may take huge pages (GLIBC_TUNABLES=glibc.malloc.hugetlb=1)');
    if (!service.startReadAhead()) return;
    const reader = READERS.get(connection);
    // (The steps over an opened document wait for a timer: the messages that have arrived, its first questions, go first.)
    const next = (): void => void (service.readingHeads ? setTimeout(step, 0) : setImmediate(step));
    const step = safe(undefined, () => {
      const read = service.readAheadStep();
      if (!read) return reader ? reader.whenReceived(next) : next();
      if (read.files > 0) connection.console.log(`daybook lsp: read the journal ahead (files: ${read.files}, entries: ${read.entries}, ${(read.bytes / 1024 / 1024).toFixed(1)} MB) in ${((performance.now() - t) / 1000).toFixed(2)} s`);
    });
    setImmediate(step);
  });

  let pending: ReturnType<typeof setTimeout> | undefined;
  const publish = safe(undefined, () => {
    for (const uri of open) {
      const file = toPath(uri);
      const diagnostics: LspDiagnostic[] = service.diagnostics(file).map((d) => ({
        range: range(file, d.from, d.to),
        severity: d.severity === 'error' ? DiagnosticSeverity.Error : d.severity === 'warning' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information,
        code: d.code,
        source: 'daybook',
        message: d.message,
      }));
      void connection.sendDiagnostics({ uri, diagnostics });
    }
  });
  // The journal read whole in slices between requests, once the first answers are out; findings are sent when it is.
  let reading = false;
  const readOn = (): void => {
    let done = true;
    safe(undefined, () => {
      done = service.readWholeFor(25);
    })();
    if (!done) {
      // (While the journal is read ahead, its own steps go first: this waits.)
      if (service.readingAhead) setTimeout(readOn, 10);
      else setImmediate(readOn);
      return;
    }
    // Whole (or failed, and said so in the log): the findings as they are.
    reading = false;
    clearTimeout(pending);
    pending = setTimeout(publish, 150);
  };
  const changed = (): void => {
    clearTimeout(pending);
    if (!service.readWholly) {
      if (!reading) {
        reading = true;
        setImmediate(readOn);
      }
      return;
    }
    pending = setTimeout(publish, 150);
  };
  // Files another command wrote (or a new file of the journal's directory): read again, findings sent again.
  const poll = setInterval(
    safe(undefined, () => {
      if (service.refresh()) changed();
    }),
    1000,
  );
  poll.unref();
  connection.onDidOpenTextDocument(
    safe(undefined, (p) => {
      open.add(p.textDocument.uri);
      // A large document's text as the editor sent it, in UTF-8: read without decoding it first.
      const bytes = openedBytes(p.textDocument);
      if (!bytes) service.update(toPath(p.textDocument.uri), p.textDocument.text);
      else if (service.openBytes(toPath(p.textDocument.uri), bytes) === 'kept') connection.console.log(`daybook lsp: ${p.textDocument.uri} opened as it is on disk (${(bytes.length / 1024 / 1024).toFixed(1)} MB): kept as read ahead`);
      changed();
      // After the requests an editor sends as it opens a document (the first answers wait for nothing but the heads).
      // (Not before the read-ahead is done: its questions are answered meanwhile, and would wait for all of it.)
      const prepare = (): void => {
        if (service.readingAhead) return void setTimeout(prepare, 100);
        const steps = service.journal().prepareSteps();
        const step = safe(undefined, () => {
          if (!steps.next().done) setImmediate(step);
        });
        step();
      };
      setTimeout(prepare, 500);
    }),
  );
  connection.onDidChangeTextDocument(
    safe(undefined, (p) => {
      const uri = p.textDocument.uri;
      if (!open.has(uri)) return;
      const file = toPath(uri);
      for (const change of p.contentChanges) {
        if (!('range' in change)) {
          service.update(file, change.text);
          continue;
        }
        const { start, end: stop } = change.range;
        if (start.line < 0 || start.character < 0 || stop.line < 0 || stop.character < 0) {
          connection.console.error(`daybook lsp: a change of ${uri} at a negative position (${JSON.stringify(change.range)}) was ignored; the document may now differ from the editor's until it is opened again`);
          continue;
        }
        // A position past the end (some clients send the line after the last) means the end.
        const end = service.length(file) ?? 0;
        const from = service.offsetAt(file, change.range.start.line, change.range.start.character) ?? end;
        const to = service.offsetAt(file, change.range.end.line, change.range.end.character) ?? end;
        service.edit(file, Math.min(from, to), Math.max(from, to), change.text);
      }
      changed();
    }),
  );
  connection.onDidCloseTextDocument(
    safe(undefined, (p) => {
      open.delete(p.textDocument.uri);
      service.close(toPath(p.textDocument.uri));
      void connection.sendDiagnostics({ uri: p.textDocument.uri, diagnostics: [] });
      // The file on disk counts again: the other documents' findings may change.
      changed();
    }),
  );

  connection.onDefinition(
    safe(null, (p) => {
      const at = offsetIn(p.textDocument.uri, p.position);
      if (!at) return null;
      return service.definition(at.file, at.offset).map(location);
    }),
  );
  connection.onReferences(
    safe([], (p) => {
      const at = offsetIn(p.textDocument.uri, p.position);
      if (!at) return [];
      return service.references(at.file, at.offset).map(location);
    }),
  );
  connection.onHover(
    safe(null, (p) => {
      const at = offsetIn(p.textDocument.uri, p.position);
      const h = at ? service.hover(at.file, at.offset) : undefined;
      if (!at || !h) return null;
      return { contents: { kind: 'markdown', value: h.text }, range: range(at.file, h.from, h.to) };
    }),
  );
  connection.onCompletion(
    safe([], (p) => {
      const at = offsetIn(p.textDocument.uri, p.position);
      if (!at) return [];
      const found = service.complete(at.file, at.offset);
      const items = found.map((c, i) => ({
        label: c.label,
        kind: c.kind === 'reference' ? CompletionItemKind.Reference : c.kind === 'item' ? CompletionItemKind.EnumMember : c.kind === 'topic' ? CompletionItemKind.Keyword : c.kind === 'thread' ? CompletionItemKind.Value : CompletionItemKind.Snippet,
        ...(c.detail ? { detail: c.detail } : {}),
        ...(c.filter !== undefined ? { filterText: c.filter } : {}),
        sortText: String(i).padStart(5, '0'),
        textEdit: { range: range(at.file, c.from, c.to), newText: c.insert },
      }));
      // References are ranked here, by the words typed: the editor asks again as the user types.
      return found.some((c) => c.kind === 'reference') ? { isIncomplete: true, items } : items;
    }),
  );
  const symbol = (file: string, n: OutlineNode): DocumentSymbol => ({
    name: n.name || '(empty)',
    detail: n.detail,
    kind: n.children.length || n.detail.includes(':') ? SymbolKind.Namespace : SymbolKind.Field,
    range: range(file, n.from, n.to),
    selectionRange: range(file, n.selectFrom, Math.min(n.selectTo, n.to)),
    children: n.children.map((c) => symbol(file, c)),
  });
  connection.onDocumentSymbol(
    safe([], (p) => {
      if (!open.has(p.textDocument.uri)) return [];
      const file = toPath(p.textDocument.uri);
      return service.outline(file).map((n) => symbol(file, n));
    }),
  );
  connection.onWorkspaceSymbol(
    safe([], (p) =>
      service
        .symbols(p.query)
        .map((s) => ({ name: s.name, containerName: s.detail, kind: SymbolKind.Namespace, location: location(s) })),
    ),
  );
  connection.onFoldingRanges(
    safe([], (p) => {
      if (!open.has(p.textDocument.uri)) return [];
      const file = toPath(p.textDocument.uri);
      return service
        .folds(file)
        .map((f) => FoldingRange.create(position(file, f.from).line, position(file, f.to).line))
        .filter((f) => f.endLine > f.startLine);
    }),
  );
  connection.onCodeAction(
    safe([], (p) => {
      const at = offsetIn(p.textDocument.uri, p.range.start);
      if (!at) return [];
      // The commands, as actions: the way Neovim and Emacs users reach them.
      const commands = service.commandsNow().map((c) => ({ title: c.title, kind: CodeActionKind.Source, command: { title: c.title, command: c.command } }));
      return [...service.actions(at.file, at.offset).map((a) => ({
        title: a.title,
        kind: a.title.startsWith('Close') || a.title.startsWith('Make') ? CodeActionKind.QuickFix : CodeActionKind.Refactor,
        edit: {
          changes: Object.fromEntries(
            a.edits.map((e) => [toUri(e.file), [{ range: range(e.file, e.from, e.to), newText: e.text }]]),
          ),
        },
      })), ...commands];
    }),
  );

  /** Like `safe`, but a refusal the user should read (a rename that cannot be done, bad command input) is answered as an error with its message. */
  const refusing =
    <A extends unknown[], R>(empty: R, f: (...a: A) => R | Promise<R>) =>
    async (...a: A): Promise<R | ResponseError<void>> => {
      try {
        return await f(...a);
      } catch (err) {
        if (err instanceof RenameRefused) return new ResponseError(LSPErrorCodes.RequestFailed, err.message);
        if (err instanceof DaybookError) return new ResponseError(LSPErrorCodes.RequestFailed, err.hint ? `${err.message}; ${err.hint}` : err.message);
        connection.console.error(`daybook lsp: ${(err as Error).stack ?? String(err)}`);
        return empty;
      }
    };

  connection.onPrepareRename(
    refusing(null, (p) => {
      const at = offsetIn(p.textDocument.uri, p.position);
      if (!at) return null;
      const r = service.renameAt(at.file, at.offset);
      return { range: range(at.file, r.from, r.to), placeholder: r.text };
    }),
  );
  connection.onRenameRequest(
    refusing(null, (p) => {
      const at = offsetIn(p.textDocument.uri, p.position);
      if (!at) return null;
      const changes: Record<string, { range: Range; newText: string }[]> = {};
      for (const e of service.rename(at.file, at.offset, p.newName)) (changes[toUri(e.file)] ??= []).push({ range: range(e.file, e.from, e.to), newText: e.text });
      return { changes };
    }),
  );
  connection.languages.inlayHint.on(
    safe([], (p) => {
      if (!open.has(p.textDocument.uri)) return [];
      const file = toPath(p.textDocument.uri);
      const from = service.offsetAt(file, p.range.start.line, p.range.start.character) ?? 0;
      const to = service.offsetAt(file, p.range.end.line, p.range.end.character) ?? service.length(file) ?? 0;
      return service.inlayHints(file, from, to).map((h) => ({ position: position(file, h.at), label: h.label, kind: InlayHintKind.Type, paddingLeft: true, ...(h.dangling ? { tooltip: 'no entry of the journal has this moment, or the entry has no such item' } : {}) }));
    }),
  );
  connection.onCodeLens(
    safe([], (p) => {
      if (!open.has(p.textDocument.uri)) return [];
      const file = toPath(p.textDocument.uri);
      return service.lenses(file).map((l) => {
        const at = position(file, l.from);
        return { range: range(file, l.from, l.to), command: { title: l.count === 1 ? '1 reference' : `${l.count} references`, command: SHOW_REFERENCES, arguments: [p.textDocument.uri, at] } };
      });
    }),
  );
  const tokens = (file: string, from: number, to: number) => {
    const builder = new SemanticTokensBuilder();
    for (const t of service.tokens(file, from, to)) {
      const type = TOKEN_TYPES.indexOf(t.type);
      const mods = (t.modifiers ?? []).reduce((bits, m) => bits | (1 << TOKEN_MODIFIERS.indexOf(m)), 0);
      // One token a line: editors draw tokens line by line.
      const start = position(file, t.from);
      const pieces = service.text(file, t.from, t.to).split(/\r\n|\r|\n/);
      pieces.forEach((piece, i) => {
        if (piece.length) builder.push(start.line + i, i === 0 ? start.character : 0, piece.length, type, mods);
      });
    }
    return builder.build();
  };
  connection.languages.semanticTokens.on(
    safe({ data: [] }, (p) => {
      if (!open.has(p.textDocument.uri)) return { data: [] };
      const file = toPath(p.textDocument.uri);
      // A large file: its last entries, where the user writes (as the outline).
      const entries = service.journal().file(file)?.entries ?? [];
      const from = entries.length > OUTLINE_ENTRIES ? entries[entries.length - OUTLINE_ENTRIES]!.from : 0;
      return tokens(file, from, service.length(file) ?? 0);
    }),
  );
  connection.languages.semanticTokens.onRange(
    safe({ data: [] }, (p) => {
      if (!open.has(p.textDocument.uri)) return { data: [] };
      const file = toPath(p.textDocument.uri);
      const from = service.offsetAt(file, p.range.start.line, p.range.start.character) ?? 0;
      const to = service.offsetAt(file, p.range.end.line, p.range.end.character) ?? service.length(file) ?? 0;
      return tokens(file, from, to);
    }),
  );
  const uriOf = (file: string): string => {
    for (const u of open) if (toPath(u) === file) return u;
    return toUri(file);
  };
  connection.onExecuteCommand(
    refusing(null, async (p) => {
      if (p.command === SHOW_REFERENCES) {
        const [uri, pos] = (p.arguments ?? []) as [string, Position];
        const at = typeof uri === 'string' && pos ? offsetIn(uri, pos) : undefined;
        return at ? service.references(at.file, at.offset).map(location) : [];
      }
      const result = await runCommand(
        {
          journal: () => service.journal(),
          files: () => service.journalFiles(),
          now: () => service.clock(),
          openText: (file) => {
            const uri = uriOf(file);
            return open.has(uri) ? service.text(file, 0, service.length(file) ?? 0) : undefined;
          },
          applyInEditor: async (file, edits) => {
            if (!can.applyEdit) throw new InputError(`${path.basename(file)} is open, and this editor cannot take edits from the server`, 'close the file (the command then writes it on disk) or use "daybook new" / "daybook gtd" in a terminal');
            const r = await connection.workspace.applyEdit({ label: 'daybook', edit: { changes: { [uriOf(file)]: edits.map((e) => ({ range: range(file, e.from, e.to), newText: e.text })) } } });
            return r.applied;
          },
          refresh: () => service.refresh(),
        },
        p.command,
        p.arguments,
      );
      const at = result.position ?? position(result.file, result.offset);
      const uri = uriOf(result.file);
      const selection = { start: at, end: at };
      if (can.showDocument) void connection.window.showDocument({ uri, takeFocus: true, selection }).catch(() => undefined);
      // A notification: nothing to answer, so an editor without message requests is fine too.
      void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: `daybook: ${result.message}` });
      return { uri, range: selection, message: result.message };
    }),
  );

  connection.listen();
  return connection;
}

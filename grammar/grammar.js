/**
 * @file Dazzle DSL: an indentation-structured language of `key: value` lines and blocks.
 *
 * The grammar is deliberately generic: every line is a `statement` whose `key` is a run of
 * words (`ledger CustomerWallet "Customer Wallet"`, `todo -> in_progress`, `email`), optionally
 * followed by `:` and a `value`, optionally opening an indented `block`. Which keywords mean
 * what (ledger, transaction, entity, ...) is decided by the lowering step in `frontend/`, so a
 * construct this grammar has never heard of still parses and is kept, never rejected.
 * Only `module` and `use`, which shape how files are combined, have rules of their own.
 */

/// <reference types="tree-sitter-cli/dsl" />
// @ts-check

module.exports = grammar({
  name: 'dazzle',

  // Newlines are extras so that they are skipped inside brackets; at the end of a line the
  // external scanner claims them first as NEWLINE / INDENT / DEDENT.
  extras: $ => [$.comment, /[ \t\f\r\uFEFF]/, /\n/],

  externals: $ => [
    $._newline,
    $._indent,
    $._dedent,
    // Returned (never valid in any state) when a line is indented in a way no block allows:
    // a dedent to a level not on the indent stack, or nesting past the scanner's depth limit.
    // The parser turns it into an ERROR node; frontend/ gives it a precise message.
    $.indentation_error,
    // Valid only during error recovery (when every symbol is), so the scanner can tell.
    $._error_sentinel,
    // Listed (but never produced by the scanner) for what their validity tells it: closing
    // brackets are valid exactly when the scanner is inside brackets, where it must emit
    // nothing. (`comment` is deliberately NOT external, unlike tree-sitter-python: a state
    // with any valid external token cannot reuse old subtrees, which made an incremental
    // reparse of a 10,000-line file 4x slower. The price: an inconsistent dedent straight to
    // the top level is not seen by tree-sitter itself; frontend/source-checks.ts reports it.)
    ')',
    ']',
  ],

  // No `word:` on purpose: keyword extraction stops tree-sitter from reusing a statement whose
  // first token is an identifier, and our only keywords (module, use, as) need no extraction.

  rules: {
    source_file: $ => repeat($._top_level_statement),

    _top_level_statement: $ => choice(
      $.module_declaration,
      $.use_declaration,
      $._statement,
    ),

    module_declaration: $ => seq('module', field('name', $.dotted_name), $._newline),

    use_declaration: $ => seq(
      'use',
      field('module', $.dotted_name),
      optional(seq('as', field('alias', $.identifier))),
      $._newline,
    ),

    _statement: $ => choice($.statement, $.list_item),

    // `key`, `key: value`, `key:` + block, or `key: value` + block (e.g. `list: all` / `as: x`).
    statement: $ => seq(
      field('key', $.key),
      choice(
        $._newline,
        seq(':', field('value', $.value), choice($._newline, $._body)),
        seq(':', $._body),
      ),
    ),

    // `- item`: the item is itself a statement (`- step find_candidate:` opens a block).
    list_item: $ => seq('-', field('item', $.statement)),

    _body: $ => seq($._indent, field('body', $.block)),

    block: $ => seq(repeat1($._statement), $._dedent),

    // The first word cannot be `-`: a line starting with `-` is a list item.
    key: $ => seq(field('head', $._key_atom), repeat(field('argument', $._atom))),

    // A value may contain further colons: `- email: "a@b", name: "Alice"`.
    value: $ => repeat1(choice($._atom, ':')),

    _key_atom: $ => choice(
      $.identifier, $.string, $.number, $.duration, $.parenthesized, $.bracketed,
      $._operator_not_minus,
    ),

    _atom: $ => choice($._key_atom, '-'),

    parenthesized: $ => seq('(', repeat($._inner), ')'),
    bracketed: $ => seq('[', repeat($._inner), ']'),
    _inner: $ => choice($._atom, ':'),

    _operator_not_minus: $ => choice(
      ',', '.', '?', '/', '+', '*', '%', '$', '|', '=', '==', '!=', '>', '>=', '<', '<=',
      '->', '<-', '<->',
    ),

    dotted_name: $ => seq($.identifier, repeat(seq('.', $.identifier))),

    // Unicode letters and digits, like the original lexer's str.isalpha()/isalnum(). The ASCII
    // alternative is the same language twice on purpose: it gives the generated lexer a few
    // range comparisons for ASCII characters before its binary search over ~770 Unicode
    // ranges, which otherwise ran for every character of every identifier.
    identifier: _ => token(choice(
      /[A-Za-z_][A-Za-z0-9_]*/,
      /[\p{L}_][\p{L}\p{N}_]*/,
    )),

    // Longer than `number` on purpose: `30min` is one duration token, not `30` + `min`.
    duration: _ => token(seq(/[0-9]+/, choice('ms', 's', 'min', 'm', 'h', 'd', 'w', 'y'))),

    number: _ => /[0-9]+(\.[0-9]+)?/,

    // A string may span lines (as in the original lexer); its newlines are part of the token,
    // so they never reach the indentation scanner.
    string: _ => token(choice(
      seq('"', repeat(choice(/[^"\\]/, /\\(.|\r?\n)/)), '"'),
      seq('\'', repeat(choice(/[^'\\]/, /\\(.|\r?\n)/)), '\''),
    )),

    comment: _ => token(seq('#', /[^\n]*/)),
  },
});

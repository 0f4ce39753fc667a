/*
 * External scanner for the Dazzle DSL: NEWLINE, INDENT and DEDENT, in the manner of
 * tree-sitter-python, with these rules from the language definition:
 *   - a tab counts as 4 columns;
 *   - blank lines and comment-only lines never change the indentation;
 *   - no NEWLINE/DEDENT is produced inside brackets (newlines there are plain whitespace);
 *   - a dedent to a level that is not on the indent stack is an error
 *     (INDENTATION_ERROR, a token no parse state accepts, so it becomes an ERROR node);
 *   - the stack is bounded (INDENT_DEPTH_MAX); deeper nesting is an error, never a crash;
 *   - a line ending in `:` must be followed by a deeper line (its block).
 * All tokens are zero-width: the newline characters themselves are extras in grammar.js.
 */
#include "tree_sitter/alloc.h"
#include "tree_sitter/parser.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

enum TokenType {
  NEWLINE,
  INDENT,
  DEDENT,
  INDENTATION_ERROR,
  ERROR_SENTINEL,
  CLOSE_PAREN,
  CLOSE_BRACKET,
};

/* Columns a tab advances the indentation by (the language's rule, not Python's 8). */
#define TAB_WIDTH_COLUMNS 4
/* Deepest block nesting; the bottom entry is the file's base level 0. */
#define INDENT_DEPTH_MAX 64
/* Widest indentation we track; wider lines saturate (and are rejected by frontend/). */
#define INDENT_COLUMNS_MAX 60000

typedef struct {
  uint16_t levels[INDENT_DEPTH_MAX];
  uint8_t depth; /* number of entries in levels; always >= 1 after create/deserialize */
} Scanner;

_Static_assert(INDENT_DEPTH_MAX <= 255, "depth must fit the uint8_t counter");
_Static_assert(sizeof(uint16_t) * INDENT_DEPTH_MAX <= TREE_SITTER_SERIALIZATION_BUFFER_SIZE,
               "the whole indent stack must fit the serialization buffer");

static inline void skip(TSLexer *lexer) { lexer->advance(lexer, true); }

static inline uint16_t top_level(const Scanner *scanner) {
  return scanner->levels[scanner->depth - 1];
}

static void reset(Scanner *scanner) {
  memset(scanner, 0, sizeof(*scanner));
  scanner->levels[0] = 0;
  scanner->depth = 1;
}

typedef struct {
  bool found_end_of_line;
  uint32_t indent_columns;
  /* Indentation of the first comment line met, or -1: a comment indented like the current
   * block still belongs to it, so the dedent waits until after it. */
  int32_t first_comment_columns;
} LineStart;

/* Skip whitespace, newlines and comment-only lines, measuring the next line's indentation.
 * Returns false if a comment follows code on the same line (nothing to emit yet). */
static bool scan_line_start(TSLexer *lexer, LineStart *line) {
  line->found_end_of_line = false;
  line->indent_columns = 0;
  line->first_comment_columns = -1;
  for (;;) {
    int32_t c = lexer->lookahead;
    if (lexer->eof(lexer)) {
      line->indent_columns = 0;
      line->found_end_of_line = true;
      return true;
    }
    if (c == '\n') {
      line->found_end_of_line = true;
      line->indent_columns = 0;
    } else if (c == ' ') {
      line->indent_columns += 1;
    } else if (c == '\t') {
      line->indent_columns += TAB_WIDTH_COLUMNS;
    } else if (c == '\r' || c == '\f' || c == 0xFEFF) {
      /* CR of a CRLF, form feed, byte-order mark: no width. */
    } else if (c == '#') {
      if (!line->found_end_of_line) return false;
      if (line->first_comment_columns == -1) {
        line->first_comment_columns = (int32_t)line->indent_columns;
      }
      while (!lexer->eof(lexer) && lexer->lookahead != '\n') skip(lexer);
      continue;
    } else {
      return true;
    }
    if (line->indent_columns > INDENT_COLUMNS_MAX) line->indent_columns = INDENT_COLUMNS_MAX;
    skip(lexer);
  }
}

bool tree_sitter_dazzle_external_scanner_scan(void *payload, TSLexer *lexer,
                                              const bool *valid_symbols) {
  Scanner *scanner = (Scanner *)payload;
  bool error_recovery = valid_symbols[ERROR_SENTINEL];
  /* Inside brackets a newline is plain whitespace: emit nothing. */
  bool within_brackets = valid_symbols[CLOSE_PAREN] || valid_symbols[CLOSE_BRACKET];
  if (within_brackets && !error_recovery) return false;

  lexer->mark_end(lexer);
  /* Not seen here, reported by frontend/source-checks.ts instead: an indented first line
   * (asking the lexer for the column would re-read the line on every call, which is slow),
   * and a dedent to the top level (no external token is valid there; see grammar.js). */
  LineStart line;
  if (!scan_line_start(lexer, &line)) return false;
  if (!line.found_end_of_line) return false;

  uint32_t current = top_level(scanner);
  if (line.indent_columns > current) {
    if (valid_symbols[INDENT] && scanner->depth < INDENT_DEPTH_MAX) {
      scanner->levels[scanner->depth] = (uint16_t)line.indent_columns;
      scanner->depth += 1;
      lexer->result_symbol = INDENT;
      return true;
    }
    /* Deeper than its block, yet nothing may open a block here: an unexpected indent, a
     * dedent that landed between two stack levels, or a full stack. */
    if (!error_recovery) {
      lexer->result_symbol = INDENTATION_ERROR;
      return true;
    }
  }
  /* A line ended in `:` (only a block may follow) but the next line is not deeper: the
   * block is missing. Without this the newline would be whitespace and the next line would
   * silently become this line's value. */
  if (valid_symbols[INDENT] && !valid_symbols[NEWLINE] && !error_recovery) {
    lexer->result_symbol = INDENTATION_ERROR;
    return true;
  }
  if (line.indent_columns < current && scanner->depth > 1 &&
      (valid_symbols[DEDENT] || !valid_symbols[NEWLINE] || error_recovery) &&
      line.first_comment_columns < (int32_t)current) {
    scanner->depth -= 1;
    lexer->result_symbol = DEDENT;
    return true;
  }
  if (valid_symbols[NEWLINE] && !error_recovery) {
    lexer->result_symbol = NEWLINE;
    return true;
  }
  return false;
}

void *tree_sitter_dazzle_external_scanner_create(void) {
  Scanner *scanner = (Scanner *)ts_calloc(1, sizeof(Scanner));
  reset(scanner);
  return scanner;
}

void tree_sitter_dazzle_external_scanner_destroy(void *payload) { ts_free(payload); }

unsigned tree_sitter_dazzle_external_scanner_serialize(void *payload, char *buffer) {
  const Scanner *scanner = (const Scanner *)payload;
  /* Entry 0 is always level 0; store the rest, two bytes each. */
  unsigned size = 0;
  for (uint8_t i = 1; i < scanner->depth; i++) {
    buffer[size++] = (char)(scanner->levels[i] & 0xFF);
    buffer[size++] = (char)(scanner->levels[i] >> 8);
  }
  return size;
}

void tree_sitter_dazzle_external_scanner_deserialize(void *payload, const char *buffer,
                                                     unsigned length) {
  Scanner *scanner = (Scanner *)payload;
  reset(scanner);
  for (unsigned i = 0; i + 1 < length && scanner->depth < INDENT_DEPTH_MAX; i += 2) {
    uint16_t low = (uint8_t)buffer[i];
    uint16_t high = (uint8_t)buffer[i + 1];
    scanner->levels[scanner->depth] = (uint16_t)(low | (high << 8));
    scanner->depth += 1;
  }
}

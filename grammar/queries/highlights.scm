; Highlighting for Dazzle DSL files (*.dsl).

(comment) @comment
(string) @string
(number) @number
(duration) @number

(module_declaration "module" @keyword.import)
(use_declaration "use" @keyword.import)
(use_declaration "as" @keyword.import)
(module_declaration name: (dotted_name (identifier) @module))
(use_declaration module: (dotted_name (identifier) @module))
(use_declaration alias: (identifier) @module)

; A top-level line's first word is the construct keyword (`ledger`, `entity`, `surface`, ...);
; the identifier after it is the name being declared.
(source_file
  (statement key: (key head: (identifier) @keyword . argument: (identifier) @type)))
(source_file
  (statement key: (key head: (identifier) @keyword)))

; Inside a block, a `key:` is a property.
(block (statement key: (key head: (identifier) @property) value: (value)))

; The title of a construct or section.
(key argument: (string) @string.special)

[":" "," "."] @punctuation.delimiter
["(" ")" "[" "]"] @punctuation.bracket
["-" "->" "<-" "<->" "=" "==" "!=" ">" ">=" "<" "<=" "|" "+" "*" "/" "%" "?" "$"] @operator

"""calc's grammar (calc.lark), shipped as package data; calculator.parser.grammar_text() reads it."""

"""What the evaluator's loop asks cheaply about the process (a module of its own, so that asking
imports nothing)."""

#: set by calculator.units once pint's registry exists: only then can a value be a quantity
units_in_use = False

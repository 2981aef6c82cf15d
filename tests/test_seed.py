"""The tutorial's calculator package keeps its promises (with the one documented change)."""

import pytest

import calculator
from calculator import add, advanced, basic, divide, multiply, subtract


def test_seed_functions_behave_as_in_the_tutorial():
    assert basic.add(5, 3) == 8
    assert basic.subtract(5, 3) == 2
    assert advanced.multiply(5, 3) == 15
    assert advanced.divide(5, 3) == 1.6666666666666667
    assert (add, subtract, multiply, divide) == (basic.add, basic.subtract, advanced.multiply, advanced.divide)


def test_divide_by_zero_raises_the_seed_sentence():
    with pytest.raises(ZeroDivisionError) as info:
        divide(1, 0)
    assert str(info.value) == "Cannot divide by zero"
    assert isinstance(info.value, calculator.CalculatorError)


def test_every_operator_is_a_function_of_basic_or_advanced():
    from calculator.evaluator import OPERATIONS

    for alias, function in OPERATIONS.items():
        assert function.__module__ in ("calculator.basic", "calculator.advanced"), alias
        assert function.__name__ == alias


def test_grammar_aliases_and_the_table_name_the_same_operations():
    import re

    from calculator.evaluator import OPERATIONS
    from calculator.parser import grammar_text

    aliases = set(re.findall(r"->\s*(\w+)", grammar_text()))
    structural = {"expression", "assignment", "number", "boolean", "name", "call", "group", "first_argument", "more_arguments",
                  # units: a quantity is a literal, and a unit is one leaf of names and powers
                  "unit_name", "unit_multiply", "unit_divide", "unit_raise", "unit_group"}
    control_flow = {"logical_and", "logical_or", "conditional"}  # jumps in the program, not calls
    assert aliases - structural - control_flow == set(OPERATIONS)


def test_version_and_typed_marker():
    from importlib.resources import files

    assert calculator.__version__.count(".") == 2
    assert files("calculator").joinpath("py.typed").is_file()

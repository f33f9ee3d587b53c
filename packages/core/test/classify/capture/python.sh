# Python, pytest (collection and test failures), pip and mypy.

d=$(project python-syntax-error)
put "$d" app.py <<'PY'
def total(prices):
    return sum(prices

print(total([1, 2]))
PY
cap python-syntax-error syntax_error python/syntax-error "$d" 'python3 app.py'
d=$(project python-indentation-error)
put "$d" app.py <<'PY'
def total(prices):
    result = 0
    for p in prices:
    result += p
    return result
PY
cap python-indentation-error syntax_error python/syntax-error "$d" 'python3 app.py'
d=$(project pytest-collect-syntax)
put "$d" calc.py <<'PY'
def add(a, b)
    return a + b
PY
put "$d" test_calc.py <<'PY'
from calc import add

def test_add():
    assert add(1, 2) == 3
PY
cap pytest-collect-syntax syntax_error python/syntax-error "$d" 'python3 -m pytest -q -p no:cacheprovider'

d=$(project python-module-not-found)
put "$d" app.py <<'PY'
import billing_client

print(billing_client.invoices())
PY
cap python-module-not-found missing_module python/module-not-found "$d" 'python3 app.py'
d=$(project pytest-collect-module)
put "$d" test_report.py <<'PY'
from reports.render import render

def test_render():
    assert render([]) == ""
PY
cap pytest-collect-module missing_module python/module-not-found "$d" 'python3 -m pytest -q -p no:cacheprovider'
d=$(project python-import-name)
put "$d" app.py <<'PY'
from os.path import joinpath

print(joinpath("a", "b"))
PY
cap python-import-name missing_symbol python/import-name "$d" 'python3 app.py'
d=$(project python-name-error)
put "$d" app.py <<'PY'
def area(r):
    return PI * r * r

print(area(2))
PY
cap python-name-error missing_symbol python/name-error "$d" 'python3 app.py'
d=$(project pytest-name-error)
put "$d" shapes.py <<'PY'
def area(r):
    return PI * r * r
PY
put "$d" test_shapes.py <<'PY'
from shapes import area

def test_area():
    assert round(area(1), 2) == 3.14
PY
cap pytest-name-error missing_symbol python/name-error "$d" 'python3 -m pytest -q -p no:cacheprovider'
d=$(project python-attribute-error)
put "$d" app.py <<'PY'
items = {"a": 1}
items.push("b")
PY
cap python-attribute-error missing_symbol python/attribute-error "$d" 'python3 app.py'
d=$(project python-type-error)
put "$d" app.py <<'PY'
def label(count):
    return "items: " + count

print(label(3))
PY
cap python-type-error type_error python/type-error "$d" 'python3 app.py'
d=$(project python-value-error)
put "$d" app.py <<'PY'
import json

config = json.loads("{'port': 80}")
PY
cap python-value-error runtime_error python/traceback "$d" 'python3 app.py'
d=$(project python-key-error)
put "$d" app.py <<'PY'
settings = {"host": "localhost"}
print(settings["port"])
PY
cap python-key-error runtime_error python/traceback "$d" 'python3 app.py'

d=$(project pytest-failed)
put "$d" calc.py <<'PY'
def add(a, b):
    return a - b
PY
put "$d" test_calc.py <<'PY'
from calc import add

def test_add():
    assert add(1, 2) == 3

def test_add_zero():
    assert add(0, 0) == 0
PY
cap pytest-failed test_failure pytest/failed "$d" 'python3 -m pytest -p no:cacheprovider'
d=$(project pytest-failed-typeerror)
put "$d" fmt.py <<'PY'
def label(count):
    return "items: " + count
PY
put "$d" test_fmt.py <<'PY'
from fmt import label

def test_label():
    assert label(3) == "items: 3"
PY
cap pytest-failed-typeerror test_failure pytest/failed "$d" 'python3 -m pytest -q -p no:cacheprovider'
d=$(project pytest-failed-mentions-syntaxerror)
put "$d" parse.py <<'PY'
def error_message(source):
    try:
        compile(source, "<input>", "exec")
    except SyntaxError as e:
        return f"SyntaxError: {e.msg}"
    return ""
PY
put "$d" test_parse.py <<'PY'
from parse import error_message

def test_reports_line():
    assert error_message("x = (") == "SyntaxError at line 1: '(' was never closed"
PY
cap pytest-failed-mentions-syntaxerror test_failure pytest/failed "$d" 'python3 -m pytest -q -p no:cacheprovider'
d=$(project pytest-collect-error)
put "$d" settings.py <<'PY'
raise RuntimeError("DATABASE_URL is not set")
PY
put "$d" test_settings.py <<'PY'
import settings

def test_loaded():
    assert settings
PY
cap pytest-collect-error runtime_error pytest/collection-error "$d" 'python3 -m pytest -q -p no:cacheprovider'

d=$(project pip-no-distribution)
cap pip-no-distribution dependency_install pip/no-matching-distribution "$d" \
  'python3 -m venv venv && venv/bin/pip install --retries 0 --timeout 2 --index-url http://127.0.0.1:9/simple fastapi-utils-h8==1.0'

d=$(project mypy-error)
put "$d" app.py <<'PY'
def total(prices: list[int]) -> int:
    return sum(prices)

count: str = total([1, 2])
PY
cap mypy-error type_error mypy/error "$d" '/usr/bin/python3 -m mypy --no-incremental app.py'
